import type { ReviewMetrics } from "../../http/review-metrics.js";
import type { ReviewLogger } from "../../pipeline/services/review-services.js";
import type { JobJournal } from "../../store/job-journal.js";
import type { ReviewJob } from "../../triggers/review-job.js";
import { readKeptJobs } from "../lifecycle/stored-job.js";

const SPOOL_RETRY_MS = 2_000;

/**
 * Jobs accepted while Redis was away wait in the local journal (the embedded mode's own format, so a
 * deployment moving to Redis has its left-over jobs forwarded too). This hands them to the queue when
 * Redis is back, retrying every SPOOL_RETRY_MS until the spool is empty.
 */
export class SpoolForwarder {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(
    private readonly journal: JobJournal,
    private readonly enqueue: (job: ReviewJob, installationId: number | undefined, gated: boolean) => Promise<unknown>,
    private readonly log: ReviewLogger,
    private readonly metrics: ReviewMetrics,
  ) {}

  /** Forward soon (now, or after a failed accept, a little later). */
  schedule(delayMs = SPOOL_RETRY_MS): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#running ??= this.#forward().finally(() => (this.#running = undefined));
    }, delayMs);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  async #forward(): Promise<void> {
    for (const { kept, job } of await readKeptJobs(this.journal, this.log, this.metrics)) {
      try {
        await this.enqueue(job, kept.installationId, kept.gated);
      } catch {
        this.schedule(SPOOL_RETRY_MS);
        return;
      }
      await this.journal.finishJob(kept.deliveryId);
      this.log.info({ delivery: kept.deliveryId }, "spooled job handed to the Redis queue");
    }
  }
}
