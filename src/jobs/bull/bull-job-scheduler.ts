import { Queue, Worker, type Job } from "bullmq";
import type { ReviewLogger, ReviewServices } from "../../pipeline/services/review-services.js";
import type { SessionFactory } from "../../github/create-job-session.js";
import type { BullClients } from "../../redis/open-redis.js";
import type { RedisHealth } from "../../redis/redis-health.js";
import { RedisKeys } from "../../redis/redis-keys.js";
import type { JobJournal } from "../../store/job-journal.js";
import type { ReviewJob } from "../../triggers/review-job.js";
import { CLAIM_TTL_S, DeliveryClaims } from "./delivery-claims.js";
import { PullRequestLock } from "./pull-request-lock.js";
import { SpoolForwarder } from "./spool-forwarder.js";
import { processQueuedReview } from "./process-queued-review.js";
import { withDeadline } from "./with-deadline.js";
import { drainWithin, reportFailedAttempt } from "../lifecycle/job-retry.js";
import type { JobScheduler } from "../lifecycle/job-scheduler.js";
import { decodeQueuedReview, encodeJob, type QueuedReview } from "../lifecycle/stored-job.js";

/** Finished jobs are kept a little longer than their claim: a job id still present means "already queued". */
const KEEP_FINISHED_S = CLAIM_TTL_S + 3600;
/** The accept never makes GitHub wait on a sick Redis: past this the job goes to the local spool. */
const ACCEPT_DEADLINE_MS = 2_000;

/**
 * Redis mode: jobs on BullMQ (job id = delivery id), shared by every replica. One review per delivery
 * (DeliveryClaims), one running review per PR across replicas (PullRequestLock), a newer push
 * supersedes an older queued one, retries with exponential backoff then "gave up", and a dead replica's
 * jobs taken over after JOB_LOCK_MS (BullMQ's stalled-job check). While Redis is away, webhooks are
 * still answered: jobs wait in the local journal (SpoolForwarder) until it returns.
 */
export class BullJobScheduler implements JobScheduler {
  readonly #queue: Queue<QueuedReview>;
  readonly #worker: Worker<QueuedReview>;
  readonly #locks: PullRequestLock;
  readonly #claims: DeliveryClaims;
  readonly #spool: SpoolForwarder;
  #lastDepth = 0;
  /** Sources that already logged an error in this outage: one line each, not one per reconnect attempt. */
  readonly #errorsLogged = new Set<string>();

  constructor(
    private readonly services: ReviewServices,
    private readonly journal: JobJournal,
    private readonly sessionFor: SessionFactory,
    private readonly clients: BullClients,
    private readonly redisHealth: RedisHealth,
    private readonly logFor: (job: ReviewJob) => ReviewLogger,
    private readonly appLog: ReviewLogger,
    keys = new RedisKeys(),
  ) {
    const { settings } = services;
    this.#locks = new PullRequestLock(clients.bounded, settings.jobLockMs, keys);
    this.#claims = new DeliveryClaims(keys);
    this.#spool = new SpoolForwarder(journal, (job, installationId, gated) => this.#enqueue({ job, installationId, gated }), appLog, services.metrics);
    const bull = { prefix: keys.prefix };
    this.#queue = new Queue<QueuedReview>(keys.queueName, {
      ...bull,
      connection: clients.fast,
      defaultJobOptions: {
        attempts: settings.jobMaxAttempts,
        backoff: { type: "exponential", delay: settings.jobRetryBaseMs },
        removeOnComplete: { age: KEEP_FINISHED_S },
        removeOnFail: { age: KEEP_FINISHED_S },
      },
    });
    this.#queue.on("error", (error) => this.#redisError("review queue", error));
    this.#worker = new Worker<QueuedReview>(keys.queueName, (job, token) => processQueuedReview(job, token, { services: this.services, sessionFor: this.sessionFor, logFor: this.logFor, locks: this.#locks, claims: this.#claims, clients: this.clients }), {
      ...bull,
      connection: clients.blocking,
      concurrency: settings.reviewConcurrency,
      lockDuration: settings.jobLockMs,
      stalledInterval: settings.jobLockMs,
      // A job whose replica keeps dying is retried like any failure, then given up.
      maxStalledCount: settings.jobMaxAttempts,
      autorun: false,
    });
    this.#worker.on("completed", () => services.metrics.jobs.inc({ outcome: "done" }));
    this.#worker.on("failed", (job, error) => {
      if (!job) return;
      const log = this.#logOf(job);
      reportFailedAttempt(services.metrics, log, { error, attempts: job.attemptsMade, maxAttempts: job.opts.attempts ?? 1 });
    });
    this.#worker.on("stalled", (jobId) => {
      services.metrics.jobs.inc({ outcome: "resumed" });
      appLog.warn({ delivery: jobId }, "a replica stopped during this job; it runs again here or on another replica");
    });
    this.#worker.on("error", (error) => this.#redisError("review worker", error));
    redisHealth.onReady(() => {
      this.#errorsLogged.clear();
      this.#spool.schedule(0);
    });
  }

  async accept(job: ReviewJob, installationId: number | undefined, log: ReviewLogger): Promise<boolean> {
    try {
      return await withDeadline(this.#enqueue({ job, installationId }), ACCEPT_DEADLINE_MS);
    } catch (error) {
      const kept = await this.journal.acceptJob({ deliveryId: job.deliveryId, job: encodeJob(job), installationId, attempts: 0, gated: false });
      if (kept) {
        this.services.metrics.jobs.inc({ outcome: "spooled" });
        log.warn({ err: error }, "Redis unavailable: job kept on local disk, queued when Redis returns");
        this.#spool.schedule();
      }
      return kept;
    }
  }

  /** The queue survives restarts by itself; here the worker starts and the local spool is forwarded. */
  async resume(): Promise<number> {
    void this.#worker.run().catch((error: unknown) => this.appLog.error({ err: error }, "review worker stopped"));
    const spooled = (await this.journal.pendingJobs()).length;
    if (spooled > 0) this.#spool.schedule(0);
    return spooled;
  }

  async drain(graceMs: number): Promise<"drained" | "grace_elapsed"> {
    // close() stops fetching and waits for running jobs. If the grace ends first, their locks lapse and
    // another replica (or this one, restarted) takes them over: nothing accepted is dropped.
    await this.#spool.stop();
    return drainWithin(this.#worker.close(), graceMs);
  }

  async depth(): Promise<number> {
    const spooled = (await this.journal.pendingJobs()).length;
    try {
      const counts = await this.#queue.getJobCounts("waiting", "active", "delayed", "prioritized");
      this.#lastDepth = Object.values(counts).reduce((sum, n) => sum + n, 0);
    } catch {
      // Redis away: the last known depth, plus what waits in the spool.
    }
    return this.#lastDepth + spooled;
  }

  async whenIdle(): Promise<void> {
    while ((await this.depth()) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  health(): Record<string, unknown> | null {
    const redis = this.redisHealth.describe();
    return redis ? { redis: { status: "unreachable", ...redis } } : null;
  }

  /** Stops taking work and waits for the running jobs; waiting ones stay in Redis. */
  async close(): Promise<void> {
    await this.#spool.stop();
    await this.#worker.close();
    await this.#queue.close();
  }

  /** Claim (once per delivery, deployment-wide), then queue; false for a redelivery. */
  async #enqueue(data: QueuedReview): Promise<boolean> {
    if (!(await this.#claims.claim(this.clients.fast, data.job))) {
      // A redelivery, or the retry of an accept that claimed and then failed before queueing. Adding is
      // idempotent by job id, so the second case is completed here and the first stays a no-op.
      if (!(await this.#queue.getJob(data.job.deliveryId))) await this.#add(data);
      return false;
    }
    await this.#add(data);
    return true;
  }

  async #add(data: QueuedReview): Promise<void> {
    // A push waits SYNC_DEBOUNCE_MS: a newer push meanwhile supersedes it, so a burst gives one review.
    const delay = data.job.trigger === "synchronize" ? this.services.settings.syncDebounceMs : 0;
    await this.#queue.add(data.job.trigger, data, { jobId: data.job.deliveryId, delay });
  }

  #logOf(bullJob: Job<QueuedReview>): ReviewLogger {
    try {
      return this.logFor(decodeQueuedReview(bullJob.data).job);
    } catch {
      return this.appLog;
    }
  }

  #redisError(source: string, error: Error): void {
    if (this.#errorsLogged.has(source)) return;
    this.#errorsLogged.add(source);
    this.appLog.warn({ err: error }, `${source}: Redis error (further ones are not logged until Redis is back)`);
  }
}
