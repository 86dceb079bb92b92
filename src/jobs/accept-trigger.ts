import type { ReviewMetrics } from "../http/review-metrics.js";
import type { ReviewLogger } from "../pipeline/services/review-services.js";
import type { ReviewJob, TriggerDecision } from "../triggers/review-job.js";
import type { JobScheduler } from "./lifecycle/job-scheduler.js";

export type AcceptResult = "queued" | "skipped" | "duplicate_delivery";

/**
 * The webhook's whole answer path: a decision that is not a review is counted and logged; a review is
 * kept by the scheduler (once per delivery) and runs after the answer.
 */
export async function acceptTrigger(
  decision: TriggerDecision,
  delivery: { id: string; installationId: number | undefined; log: ReviewLogger },
  deps: { scheduler: JobScheduler; metrics: ReviewMetrics; logFor: (job: ReviewJob) => ReviewLogger },
): Promise<AcceptResult> {
  if (!decision.run) {
    // Events that are simply not ours stay at debug; a refused or broken trigger is worth a line.
    const level = decision.code === "not_a_trigger" ? "debug" : "info";
    delivery.log[level]({ delivery: delivery.id, reason: decision.reason }, `skipped: ${decision.reason}`);
    deps.metrics.skipped.inc({ reason: decision.code });
    return "skipped";
  }
  const log = deps.logFor(decision.job);
  if (!(await deps.scheduler.accept(decision.job, delivery.installationId, log))) {
    deps.metrics.skipped.inc({ reason: "duplicate_delivery" });
    log.info("skipped: delivery already handled");
    return "duplicate_delivery";
  }
  log.info("queued");
  return "queued";
}
