import type { ReviewLogger } from "../../pipeline/services/review-services.js";
import type { ReviewJob } from "../../triggers/review-job.js";

/**
 * Where accepted jobs wait and run: in this process over the local journal by default
 * (LocalJobScheduler), on BullMQ over Redis with REDIS_URL (BullJobScheduler). The webhook handlers
 * see only this.
 */
export interface JobScheduler {
  /** A new delivery: false when it was seen before (a redelivery). Resolves once the job is kept. */
  accept(job: ReviewJob, installationId: number | undefined, log: ReviewLogger): Promise<boolean>;
  /** On start: runs again what was accepted and not finished before the last stop. */
  resume(logFor: (job: ReviewJob) => ReviewLogger): Promise<number>;
  /** SIGTERM: start nothing new, let running reviews finish within `graceMs`, keep the rest. */
  drain(graceMs: number): Promise<"drained" | "grace_elapsed">;
  /** Jobs accepted here and not finished (waiting or running). */
  depth(): Promise<number>;
  /** Resolves once every accepted job has finished (tests, benchmarks). */
  whenIdle(): Promise<void>;
  /** Problems worth a "degraded" health answer; null when there are none. */
  health(): Record<string, unknown> | null;
  /** Stops taking work and waits for running jobs (no grace limit); waiting jobs stay kept. */
  close(): Promise<void>;
}
