import { ProbotOctokit } from "probot";

/** GitHub asks clients to wait `retry-after` and try again; twice is enough for a review (the job retries after). */
const SECONDARY_LIMIT_RETRIES = 2;

interface ThrottleOptions {
  enabled?: boolean;
  onSecondaryRateLimit?: (retryAfter: number, options: { method: string; url: string }, octokit: unknown, retryCount: number) => boolean;
}
interface OctokitOptions {
  throttle?: ThrottleOptions;
  request?: { fetch?: typeof fetch };
  log?: { warn: (message: string) => void };
}

/**
 * A fetch whose every call ends within `timeoutMs`, headers and body included. It sits under the retry
 * plugin (Octokit's `request.fetch`), so each retry gets a fresh timer; a timed-out request surfaces as
 * an HTTP-500-like RequestError, which the retry plugin retries like any 5xx.
 */
export function fetchWithTimeout(timeoutMs: number, inner: typeof fetch = fetch): typeof fetch {
  return (input, init = {}) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return inner(input, { ...init, signal });
  };
}

/**
 * Probot's Octokit configured for reviews:
 * - every request bounded by `requestTimeoutMs` (GITHUB_REQUEST_TIMEOUT_MS): a GitHub that accepts the
 *   connection and never answers cannot hold a review slot (Node's own default is 300 s);
 * - GitHub's secondary rate limit waited out (`retry-after`) and retried twice: Probot's own handler
 *   only logs, and a review posts a comment burst exactly when GitHub is busiest.
 * 5xx retries and the primary rate limit handling stay Probot's. Applied after Probot's own defaults, so
 * it keeps everything else they set (per-installation throttle ids, Redis).
 */
export function createGlmOctokit(requestTimeoutMs: () => number): typeof ProbotOctokit {
  return ProbotOctokit.defaults((options: OctokitOptions) => {
    // Read when a client is built, after Probot has applied .env to the environment.
    const request = { ...options.request, fetch: fetchWithTimeout(requestTimeoutMs(), options.request?.fetch) };
    if (!options.throttle || options.throttle.enabled === false) return { ...options, request };
    return {
      ...options,
      request,
      throttle: {
        ...options.throttle,
        onSecondaryRateLimit: (retryAfter, req, _octokit, retryCount) => {
          const retry = retryCount < SECONDARY_LIMIT_RETRIES;
          options.log?.warn(`GitHub secondary rate limit on ${req.method} ${req.url}: ${retry ? `retrying in ${retryAfter} s` : "giving up on this request"}`);
          return retry;
        },
      } satisfies ThrottleOptions,
    };
  }) as typeof ProbotOctokit;
}
