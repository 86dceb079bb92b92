import type { GitHubClient } from "./github-client.js";

/**
 * Marks one request (in its `request` options) as allowed past the fence: only for closing what the fenced
 * run itself opened, at its deadline, before any retry can start (the check run it left in progress).
 */
export const PAST_THE_FENCE = "glmPastTheFence";

/** A write refused because the run that asked for it no longer owns its pull request. */
export class WriteFenceError extends Error {
  constructor(request: string, why: string) {
    super(`not sent: ${request} (${why})`);
    this.name = "WriteFenceError";
  }
}

/**
 * Stops a run's writes once it may no longer own its pull request: a lost Redis lock, or a review past
 * REVIEW_TIMEOUT_MS whose retry may already be running. Reads still go through, GraphQL queries (a POST)
 * included; GraphQL mutations are writes. The hook sits on the
 * run's own client, so other runs are untouched; it runs before the retry plugin, so a refused write is
 * never retried.
 */
export function fenceWrites(octokit: GitHubClient, owns: () => { ok: true } | { ok: false; why: string }, onRefused: () => void = () => {}): void {
  octokit.hook.before("request", (options) => {
    if (options.method === "GET" || options.method === "HEAD" || isGraphqlQuery(options)) return;
    if ((options.request as Record<string, unknown> | undefined)?.[PAST_THE_FENCE] === true) return;
    const state = owns();
    if (state.ok) return;
    onRefused();
    throw new WriteFenceError(`${options.method} ${options.url}`, state.why);
  });
}

/** A POST to the GraphQL endpoint whose document is a query, not a mutation. */
function isGraphqlQuery(options: { method?: string; url?: string; query?: unknown }): boolean {
  return options.method === "POST" && /\/graphql$/.test(options.url ?? "") && typeof options.query === "string" && !/^\s*mutation\b/.test(options.query);
}
