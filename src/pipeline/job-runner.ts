import { ReviewQueue } from "../queue/review-queue.js";
import type { JobJournal } from "../store/job-journal.js";
import { pullRequestKey, type ReviewJob } from "../triggers/review-job.js";
import type { JobScheduler } from "./job-scheduler.js";
import type { ReviewLogger, ReviewServices } from "./review-context.js";
import { authorizeCommand, runReviewJob, type JobSession } from "./run-review-job.js";

/** Builds what a job needs to talk to GitHub when it starts: an installation client and its config reader. */
export type SessionFactory = (job: ReviewJob, installationId: number | undefined) => Promise<JobSession>;

/**
 * The life of an accepted job: kept on disk with its delivery claim, run in its lane (pushes debounced,
 * commands gated outside the PR's lane), retried with doubling backoff when it fails, given up after
 * JOB_MAX_ATTEMPTS, forgotten when done. A waiting job holds only its small record: its GitHub session is
 * built when it starts, the same way for a fresh delivery and for one resumed after a restart. On start,
 * jobs left by a crash run again; on SIGTERM, running jobs get a grace period and the rest wait on disk.
 */
export class JobRunner implements JobScheduler {
  readonly queue: ReviewQueue;
  #draining = false;

  constructor(
    private readonly services: ReviewServices,
    private readonly journal: JobJournal,
    private readonly sessionFor: SessionFactory,
    onQueueError: (error: unknown, key: string) => void,
  ) {
    this.queue = new ReviewQueue({ concurrency: services.settings.reviewConcurrency, onError: onQueueError });
  }

  /** A new delivery: false when it was seen before (a redelivery). */
  async accept(job: ReviewJob, installationId: number | undefined, log: ReviewLogger): Promise<boolean> {
    const accepted = await this.journal.acceptJob({ deliveryId: job.deliveryId, job: JSON.stringify(job), installationId, attempts: 0 });
    if (accepted && !this.#draining) this.#schedule(job, installationId, log, 0);
    return accepted;
  }

  /** Runs again what was accepted and not finished before the last stop. */
  async resume(logFor: (job: ReviewJob) => ReviewLogger): Promise<number> {
    const pending = await this.journal.pendingJobs();
    for (const kept of pending) {
      const job = JSON.parse(kept.job) as ReviewJob;
      const log = logFor(job);
      log.info({ attempts: kept.attempts }, "resuming a job accepted before the last stop");
      this.services.metrics.jobs.inc({ outcome: "resumed" });
      this.#schedule(job, kept.installationId, log, 0);
    }
    return pending.length;
  }

  /** SIGTERM: start nothing new, let running reviews finish within `graceMs`, keep the rest on disk. */
  async drain(graceMs: number): Promise<"drained" | "grace_elapsed"> {
    this.#draining = true;
    let timer: NodeJS.Timeout | undefined;
    const elapsed = new Promise<"grace_elapsed">((resolve) => (timer = setTimeout(() => resolve("grace_elapsed"), graceMs)));
    const result = await Promise.race([this.queue.stop().then(() => "drained" as const), elapsed]);
    clearTimeout(timer);
    return result;
  }

  async depth(): Promise<number> {
    return this.queue.depth;
  }

  async whenIdle(): Promise<void> {
    await this.queue.onIdle();
  }

  health(): null {
    return null;
  }

  async close(): Promise<void> {
    await this.queue.onIdle();
  }

  #schedule(job: ReviewJob, installationId: number | undefined, log: ReviewLogger, delayMs: number): void {
    const { settings, metrics } = this.services;
    const journal = this.journal;
    const key = pullRequestKey(job);
    const review = () => this.#attempt(job, installationId, log, (session) => runReviewJob(job, session, this.services, log));
    if (delayMs > 0) {
      this.queue.enqueueAfter(job.command ? `gate:${job.deliveryId}` : key, delayMs, job.command ? this.#gate(job, installationId, log) : review);
    } else if (job.trigger === "synchronize") {
      // A burst of pushes gives one review, of the last push.
      this.queue.enqueueDebounced(key, settings.syncDebounceMs, review, () => {
        metrics.skipped.inc({ reason: "superseded_push" });
        log.info("skipped: superseded by a newer push");
        void journal.finishJob(job.deliveryId);
      });
    } else if (job.command) {
      // The gate runs outside the PR's lane: the reaction (or refusal) comes at once, even while an earlier review runs.
      this.queue.enqueue(`gate:${job.deliveryId}`, this.#gate(job, installationId, log));
    } else {
      this.queue.enqueue(key, review);
    }
  }

  #gate(job: ReviewJob, installationId: number | undefined, log: ReviewLogger): () => Promise<void> {
    return () =>
      this.#attempt(job, installationId, log, async (session) => {
        if (await authorizeCommand(job, session, this.services, log)) {
          this.queue.enqueue(pullRequestKey(job), () => this.#attempt(job, installationId, log, (s) => runReviewJob(job, s, this.services, log)));
          return "continues";
        }
        return undefined;
      });
  }

  /** Runs one step; "continues" means a later step finishes the job. Failures retry, then give up. */
  async #attempt(job: ReviewJob, installationId: number | undefined, log: ReviewLogger, step: (session: JobSession) => Promise<"continues" | void>): Promise<void> {
    const { settings, metrics } = this.services;
    const journal = this.journal;
    try {
      if ((await step(await this.sessionFor(job, installationId))) === "continues") return;
      await journal.finishJob(job.deliveryId);
      metrics.jobs.inc({ outcome: "done" });
    } catch (error) {
      const attempts = await journal.recordFailedAttempt(job.deliveryId);
      if (attempts >= settings.jobMaxAttempts) {
        await journal.finishJob(job.deliveryId);
        metrics.jobs.inc({ outcome: "gave_up" });
        log.error({ err: error, attempts }, `review failed ${attempts} times; giving up`);
        return;
      }
      const retryInMs = settings.jobRetryBaseMs * 2 ** (attempts - 1);
      metrics.jobs.inc({ outcome: "retried" });
      log.warn({ err: error, attempts, retryInMs }, "review failed; it will be retried");
      if (!this.#draining) this.#schedule(job, installationId, log, retryInMs);
    }
  }
}
