import type { ProbotOctokit } from "probot";

/** The installation-authenticated client Probot hands each webhook (retry and throttling included). */
export type GitHubClient = InstanceType<typeof ProbotOctokit>;

export interface PullRef {
  owner: string;
  repo: string;
  pullNumber: number;
}

/** HTTP status of an Octokit RequestError, if it is one. */
export function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/** A short reason for logs and comments: "HTTP 502 Bad Gateway". Never the request headers (they hold the token). */
export function describeGitHubError(error: unknown): string {
  const status = httpStatusOf(error);
  const message = error instanceof Error ? error.message.split("\n")[0]?.slice(0, 200) : String(error).slice(0, 200);
  return status ? `HTTP ${status}: ${message}` : (message ?? "unknown error");
}
