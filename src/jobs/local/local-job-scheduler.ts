import type { SessionFactory } from "../../github/create-job-session.js";
import type { ReviewLogger, ReviewServices } from "../../pipeline/services/review-services.js";
import { authorizeCommand } from "../../pipeline/run-review-job.js";
import type { JobJournal } from "../../store/job-journal.js";
import { pullRequestKey, type ReviewJob } from "../../triggers/review-job.js";
import { attemptReview } from "../lifecycle/attempt-review.js";
import { drainWithin, reportFailedAttempt, retryDelayMs } from "../lifecycle/job-retry.js";
import type { JobScheduler } from "../lifecycle/job-scheduler.js";
import { ReviewQueue } from "./review-queue.js";
import { encodeJob, readKeptJobs } from "../lifecycle/stored-job.js";

/** A job in this process: its record, and whether its command already passed the gate (kept on disk). */
interface LocalJob {
  job: ReviewJob;
  installationId: number | undefined;
  gated: boolean;
  log: ReviewLogger;
}

/**
 * Embedded mode: the life of an accepted job in one process. Kept on disk with its delivery claim, run
 * in its PR's lane (pushes debounced, commands gated outside the lane), retried with doubling backoff,
 * given up after JOB_MAX_ATTEMPTS, forgotten when done. A waiting job holds only its record; its GitHub
 * session is built when it starts. On start, jobs left by a crash run again; on SIGTERM, running jobs
 * get a grace period and the rest wait on disk.
 */
export class LocalJobScheduler implements JobScheduler {
  readonly #queue: ReviewQueue;
  #stopping = false;

  constructor(
    private readonly services: ReviewServices,
    private readonly journal: JobJournal,
    private readonly sessionFor: SessionFactory,
    private readonly appLog: ReviewLogger,
  ) {
    this.#queue = new ReviewQueue({
      concurrency: services.settings.reviewConcurrency,
      onError: (error, key) => appLog.error({ err: error, pr: key }, "review failed"),
    });
  }

  async accept(job: ReviewJob, installationId: number | undefined, log: ReviewLogger): Promise<boolean> {
    const accepted = await this.journal.acceptJob({ deliveryId: job.deliveryId, job: encodeJob(job), installationId, attempts: 0, gated: false });
    if (accepted && !this.#stopping) this.#schedule({ job, installationId, gated: false, log }, 0);
    return accepted;
  }

  async resume(logFor: (job: ReviewJob) => ReviewLogger): Promise<number> {
    const pending = await readKeptJobs(this.journal, this.appLog, this.services.metrics);
    for (const { kept, job } of pending) {
      const log = logFor(job);
      log.info({ attempts: kept.attempts }, "resuming a job accepted before the last stop");
      this.services.metrics.jobs.inc({ outcome: "resumed" });
      this.#schedule({ job, installationId: kept.installationId, gated: kept.gated, log }, 0);
    }
    return pending.length;
  }

  async drain(graceMs: number): Promise<"drained" | "grace_elapsed"> {
    this.#stopping = true;
    return drainWithin(this.#queue.stop(), graceMs);
  }

  async depth(): Promise<number> {
    return this.#queue.depth;
  }

  async whenIdle(): Promise<void> {
    await this.#queue.onIdle();
  }

  health(): null {
    return null;
  }

  /** Stops taking work and waits for the running jobs; waiting ones stay on disk for the next start. */
  async close(): Promise<void> {
    this.#stopping = true;
    await this.#queue.stop();
  }

  #schedule(local: LocalJob, delayMs: number): void {
    const { job, log } = local;
    const key = pullRequestKey(job);
    const needsGate = job.command !== undefined && !local.gated;
    // The gate runs outside the PR's lane: the reaction (or refusal) comes at once, even while a review runs.
    const lane = needsGate ? `gate:${job.deliveryId}` : key;
    const task = needsGate ? () => this.#gate(local) : () => this.#review(local);
    if (delayMs > 0) {
      this.#queue.enqueueAfter(lane, delayMs, task);
    } else if (job.trigger === "synchronize") {
      // A burst of pushes gives one review, of the last push.
      this.#queue.enqueueDebounced(key, this.services.settings.syncDebounceMs, task, () => {
        this.services.metrics.skipped.inc({ reason: "superseded_push" });
        log.info("skipped: superseded by a newer push");
        void this.journal.finishJob(job.deliveryId);
      });
    } else {
      this.#queue.enqueue(lane, task);
    }
  }

  async #gate(local: LocalJob): Promise<void> {
    await this.#attempt(local, async () => {
      const session = await this.sessionFor(local.job, local.installationId);
      if (!(await authorizeCommand(local.job, session, this.services, local.log))) return "done";
      // Recorded, so a retry or a restart neither asks GitHub again nor reacts twice.
      await this.journal.markGated(local.job.deliveryId);
      const gated = { ...local, gated: true };
      this.#queue.enqueue(pullRequestKey(local.job), () => this.#review(gated));
      return "continues";
    });
  }

  async #review(local: LocalJob): Promise<void> {
    await this.#attempt(local, async () => {
      await attemptReview(local.job, await this.sessionFor(local.job, local.installationId), this.services, local.log);
      return "done";
    });
  }

  /** Runs one step; "continues" means a later step finishes the job. Failures retry, then give up. */
  async #attempt(local: LocalJob, step: () => Promise<"done" | "continues">): Promise<void> {
    const { settings, metrics } = this.services;
    const { deliveryId } = local.job;
    try {
      if ((await step()) === "continues") return;
      await this.journal.finishJob(deliveryId);
      metrics.jobs.inc({ outcome: "done" });
    } catch (error) {
      const attempts = await this.journal.recordFailedAttempt(deliveryId);
      const retryInMs = retryDelayMs(settings.jobRetryBaseMs, attempts);
      const verdict = reportFailedAttempt(metrics, local.log, { error, attempts, maxAttempts: settings.jobMaxAttempts, retryInMs });
      if (verdict === "gave_up") await this.journal.finishJob(deliveryId);
      else if (!this.#stopping) this.#schedule(local, retryInMs);
    }
  }
}
