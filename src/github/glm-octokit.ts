import { ProbotOctokit } from "probot";

/** GitHub asks clients to wait `retry-after` and try again; twice is enough for a review (the job retries after). */
const SECONDARY_LIMIT_RETRIES = 2;

interface ThrottleOptions {
  enabled?: boolean;
  onSecondaryRateLimit?: (retryAfter: number, options: { method: string; url: string }, octokit: unknown, retryCount: number) => boolean;
}
interface OctokitOptions {
  throttle?: ThrottleOptions;
  log?: { warn: (message: string) => void };
}

/**
 * Probot's Octokit with its retry and throttling plugins configured for reviews. Probot's own handler for
 * GitHub's secondary rate limit only logs (the request fails); a review posts a comment burst exactly
 * when GitHub is busiest, so here it waits `retry-after` and retries, twice. 5xx retries (3, with
 * backoff) and the primary rate limit handling (2 retries) stay Probot's. Applied after Probot's own
 * defaults, so it sees and keeps everything else they set (per-installation throttle ids, Redis).
 */
export const GlmOctokit = ProbotOctokit.defaults((options: OctokitOptions) => {
  if (!options.throttle || options.throttle.enabled === false) return options;
  return {
    ...options,
    throttle: {
      ...options.throttle,
      onSecondaryRateLimit: (retryAfter, request, _octokit, retryCount) => {
        const retry = retryCount < SECONDARY_LIMIT_RETRIES;
        options.log?.warn(`GitHub secondary rate limit on ${request.method} ${request.url}: ${retry ? `retrying in ${retryAfter} s` : "giving up on this request"}`);
        return retry;
      },
    } satisfies ThrottleOptions,
  };
}) as typeof ProbotOctokit;
