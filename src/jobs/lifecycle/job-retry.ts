import type { ReviewMetrics } from "../../http/review-metrics.js";
import type { ReviewLogger } from "../../pipeline/services/review-services.js";

/** The backoff before attempt `attempts + 1`: base, 2 × base, 4 × base, … */
export function retryDelayMs(baseMs: number, attempts: number): number {
  return baseMs * 2 ** Math.max(0, attempts - 1);
}

/**
 * One failed attempt, logged and counted the same way by both schedulers: "retried" while attempts
 * remain, "gave up" (an error line, never a hot loop) once `maxAttempts` is reached.
 */
export function reportFailedAttempt(
  metrics: ReviewMetrics,
  log: ReviewLogger,
  failure: { error: unknown; attempts: number; maxAttempts: number; retryInMs?: number },
): "retried" | "gave_up" {
  const { error, attempts, maxAttempts, retryInMs } = failure;
  if (attempts >= maxAttempts) {
    metrics.jobs.inc({ outcome: "gave_up" });
    log.error({ err: error, attempts }, `review failed ${attempts} times; giving up`);
    return "gave_up";
  }
  metrics.jobs.inc({ outcome: "retried" });
  log.warn({ err: error, attempts, retryInMs }, "review failed; it will be retried");
  return "retried";
}

/**
 * SIGTERM: waits for `stopped` (running jobs finishing) at most `graceMs`. Past the grace the process
 * exits anyway: what did not finish stays kept (journal or Redis) and runs on the next start.
 */
export async function drainWithin(stopped: Promise<unknown>, graceMs: number): Promise<"drained" | "grace_elapsed"> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<"grace_elapsed">((resolve) => (timer = setTimeout(() => resolve("grace_elapsed"), graceMs)));
  try {
    return await Promise.race([stopped.then(() => "drained" as const), elapsed]);
  } finally {
    clearTimeout(timer);
  }
}
