/** A review that ran past REVIEW_TIMEOUT_MS: its lane is freed and it is retried like any failure. */
export class ReviewTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the review did not finish within REVIEW_TIMEOUT_MS (${timeoutMs} ms); its writes are fenced off and it is retried`);
    this.name = "ReviewTimeoutError";
  }
}

/**
 * Runs `review` for at most `timeoutMs`. Past it, the promise rejects with ReviewTimeoutError and
 * `expired()` turns true: the caller's write fence reads it, so the abandoned run (which cannot be
 * cancelled mid-request) can never post after its successor.
 */
export async function withReviewDeadline<T>(timeoutMs: number, review: (expired: () => boolean) => Promise<T>): Promise<T> {
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new ReviewTimeoutError(timeoutMs));
    }, timeoutMs);
  });
  const run = review(() => timedOut);
  // The abandoned run may still fail later; that is not this caller's error any more.
  run.catch(() => {});
  try {
    return await Promise.race([run, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
