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
 * A fetch whose every call ends within `timeoutMs`. It sits under the retry plugin (Octokit's
 * `request.fetch`), so each retry gets a fresh timer; a timed-out request surfaces as an
 * HTTP-500-like RequestError, which the retry plugin retries like any 5xx.
 *
 * The timer holds its own controller strongly until it fires: Node 20 garbage-collects an
 * `AbortSignal.any(...)` (and the timeout inside it) that nothing references while the request is
 * pending, and then the timeout never fires. The timer is unref'd so it never holds the process open,
 * and left to fire after the answer so the body read stays bounded too (aborting a read body is a no-op).
 */
export function fetchWithTimeout(timeoutMs: number, inner: typeof fetch = fetch): typeof fetch {
  return async (input, init = {}) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError")), timeoutMs);
    timer.unref();
    const outer = init.signal;
    const forward = () => controller.abort(outer?.reason);
    if (outer?.aborted) forward();
    else outer?.addEventListener("abort", forward, { once: true });
    try {
      return await inner(input, { ...init, signal: controller.signal });
    } catch (error) {
      clearTimeout(timer);
      throw error;
    } finally {
      outer?.removeEventListener("abort", forward);
    }
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
