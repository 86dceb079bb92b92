import { DelayedError, Queue, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { PullRequestLock } from "../redis/pull-request-lock.js";
import type { RedisHealth } from "../redis/redis-health.js";
import type { JobJournal } from "../store/job-journal.js";
import { pullRequestKey, type ReviewJob } from "../triggers/review-job.js";
import type { SessionFactory } from "./job-runner.js";
import type { JobScheduler } from "./job-scheduler.js";
import type { ReviewLogger, ReviewServices } from "./review-context.js";
import { authorizeCommand, runReviewJob, type JobSession } from "./run-review-job.js";

/** What a queued job carries: the webhook's decision, and whether a command already passed its gate. */
interface QueuedReview {
  job: ReviewJob;
  installationId: number | undefined;
  gated?: boolean;
}

export interface BullClients {
  /** Fails at once while Redis is away: the webhook's answer path (accepts) and health. */
  fast: Redis;
  /** Waits for reconnects: BullMQ's worker. */
  blocking: Redis;
  /** Bounded waits: locks and the supersede check inside a running job. */
  bounded: Redis;
}

const QUEUE_NAME = "reviews";
const PREFIX = "glm";
const DAY_S = 24 * 3600;
/** Redeliveries are refused for a week, as in the embedded store. */
const CLAIM_TTL_S = 7 * DAY_S;
/** Finished jobs are kept a little longer than their claim: a job id still present means "already queued". */
const KEEP_FINISHED_S = CLAIM_TTL_S + 3600;
/** The accept never makes GitHub wait on a sick Redis: past this the job goes to the local spool. */
const ACCEPT_DEADLINE_MS = 2_000;
/** A job whose PR is being reviewed elsewhere waits this long before it looks again (no attempt is spent). */
const LOCK_WAIT_MS = 1_000;
const SPOOL_RETRY_MS = 2_000;

/** A PR's trigger list keeps its newest entries only; an older job trimmed from it is superseded anyway. */
const TRIGGERS_KEPT = 50;

/**
 * Claims a delivery for the whole deployment and, for pull_request triggers, appends it to the PR's
 * trigger list, ordered by one counter all replicas share (so "newest" means the same everywhere).
 * Entries stay after their job ends: an older job still waiting must see that a newer one existed.
 * KEYS: claim, the PR's triggers, the counter. ARGV: claim TTL, delivery id, "1" to record it, kept.
 */
const ACCEPT_LUA = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
if ARGV[3] == '1' then
  redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[2])
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -tonumber(ARGV[4]) - 1)
  redis.call('EXPIRE', KEYS[2], ARGV[1])
end
return 1
`;

/**
 * Redis mode: jobs on BullMQ (job id = delivery id), shared by every replica. One review per delivery,
 * one running review per PR across replicas (PullRequestLock), a newer push supersedes an older queued
 * one, retries with exponential backoff then "gave up", and a replica's jobs taken over by another when
 * it dies (BullMQ's stalled-job check, after JOB_LOCK_MS). While Redis is unreachable, webhooks are still
 * answered: the job is kept in the local journal and forwarded when Redis returns.
 */
export class BullJobRunner implements JobScheduler {
  readonly #queue: Queue<QueuedReview>;
  readonly #worker: Worker<QueuedReview>;
  readonly #locks: PullRequestLock;
  #flushTimer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;
  #draining = false;
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
  ) {
    const { settings } = services;
    this.#locks = new PullRequestLock(clients.bounded, settings.jobLockMs, `${PREFIX}:`);
    this.#queue = new Queue<QueuedReview>(QUEUE_NAME, {
      connection: clients.fast,
      prefix: PREFIX,
      defaultJobOptions: {
        attempts: settings.jobMaxAttempts,
        backoff: { type: "exponential", delay: settings.jobRetryBaseMs },
        removeOnComplete: { age: KEEP_FINISHED_S },
        removeOnFail: { age: KEEP_FINISHED_S },
      },
    });
    this.#queue.on("error", (error) => this.#redisError("review queue", error));
    this.#worker = new Worker<QueuedReview>(QUEUE_NAME, (job, token) => this.#process(job, token), {
      connection: clients.blocking,
      prefix: PREFIX,
      concurrency: settings.reviewConcurrency,
      lockDuration: settings.jobLockMs,
      stalledInterval: settings.jobLockMs,
      // A job whose replica keeps dying is retried like any failure, then given up.
      maxStalledCount: settings.jobMaxAttempts,
      autorun: false,
    });
    this.#worker.on("completed", () => services.metrics.jobs.inc({ outcome: "done" }));
    this.#worker.on("failed", (job, error) => job && this.#onFailed(job, error));
    this.#worker.on("stalled", (jobId) => {
      services.metrics.jobs.inc({ outcome: "resumed" });
      appLog.warn({ delivery: jobId }, "a replica stopped during this job; it runs again here or on another replica");
    });
    this.#worker.on("error", (error) => this.#redisError("review worker", error));
    redisHealth.onReady(() => {
      this.#errorsLogged.clear();
      this.#scheduleFlush(0);
    });
  }

  async accept(job: ReviewJob, installationId: number | undefined, log: ReviewLogger): Promise<boolean> {
    const data: QueuedReview = { job, installationId };
    try {
      return await withDeadline(this.#enqueue(data), ACCEPT_DEADLINE_MS);
    } catch (error) {
      // The journal's own format (as in embedded mode), so either mode can run what the other left.
      const kept = await this.journal.acceptJob({ deliveryId: job.deliveryId, job: JSON.stringify(job), installationId, attempts: 0 });
      if (kept) {
        this.services.metrics.jobs.inc({ outcome: "spooled" });
        log.warn({ err: error }, "Redis unavailable: job kept on local disk, queued when Redis returns");
        this.#scheduleFlush(SPOOL_RETRY_MS);
      }
      return kept;
    }
  }

  /**
   * The queue itself survives restarts; here the worker starts and the local journal is forwarded: jobs
   * spooled in an outage, or left by the embedded mode when a deployment moves to Redis.
   */
  async resume(): Promise<number> {
    void this.#worker.run().catch((error: unknown) => this.appLog.error({ err: error }, "review worker stopped"));
    const spooled = (await this.journal.pendingJobs()).length;
    if (spooled > 0) this.#scheduleFlush(0);
    return spooled;
  }

  async drain(graceMs: number): Promise<"drained" | "grace_elapsed"> {
    this.#draining = true;
    clearTimeout(this.#flushTimer);
    let timer: NodeJS.Timeout | undefined;
    const elapsed = new Promise<"grace_elapsed">((resolve) => (timer = setTimeout(() => resolve("grace_elapsed"), graceMs)));
    // close() stops fetching and waits for running jobs. If the grace ends first, their locks lapse and
    // another replica (or this one, restarted) takes them over: nothing accepted is dropped.
    const result = await Promise.race([this.#worker.close().then(() => "drained" as const), elapsed]);
    clearTimeout(timer);
    return result;
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

  async close(): Promise<void> {
    this.#draining = true;
    clearTimeout(this.#flushTimer);
    await this.#flushing;
    await this.#worker.close();
    await this.#queue.close();
  }

  /** Claim (once per delivery, deployment-wide), then queue; false for a redelivery. */
  async #enqueue(data: QueuedReview): Promise<boolean> {
    const { job } = data;
    const claimed = await this.clients.fast.eval(
      ACCEPT_LUA, 3, `${PREFIX}:delivery:${job.deliveryId}`, this.#triggersKey(job), `${PREFIX}:trigger-seq`,
      CLAIM_TTL_S, job.deliveryId, job.command ? "0" : "1", TRIGGERS_KEPT,
    );
    if (claimed !== 1) {
      // A redelivery, or the retry of an accept that claimed and then failed before queueing. Adding is
      // idempotent by job id, so the second case is completed here and the first stays a no-op.
      if (!(await this.#queue.getJob(job.deliveryId))) await this.#add(data);
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

  async #process(bullJob: Job<QueuedReview>, token: string | undefined): Promise<string> {
    const { job, installationId } = bullJob.data;
    const log = this.logFor(job);
    let session: JobSession | undefined;
    const sessionNow = async () => (session ??= await this.sessionFor(job, installationId));
    if (job.command && !bullJob.data.gated) {
      // The gate answers at once, even while another review of this PR runs; it is not asked twice.
      if (!(await authorizeCommand(job, await sessionNow(), this.services, log))) return "refused";
      await bullJob.updateData({ ...bullJob.data, gated: true });
    }
    const lock = await this.#locks.acquire(pullRequestKey(job), `${bullJob.id}:${token}`);
    if (!lock) {
      await bullJob.moveToDelayed(Date.now() + LOCK_WAIT_MS, token);
      throw new DelayedError();
    }
    try {
      if (!job.command && (await this.#supersededByNewerTrigger(job))) {
        this.services.metrics.skipped.inc({ reason: "superseded_push" });
        log.info("skipped: superseded by a newer trigger for this pull request");
        return "superseded";
      }
      const doneKey = `${PREFIX}:done:${job.deliveryId}`;
      if (await this.clients.bounded.exists(doneKey)) {
        // A run that lost its claim (Redis away past JOB_LOCK_MS) finished after BullMQ had handed the job on.
        log.info("skipped: this delivery's review already finished");
        return "already_done";
      }
      const session = await sessionNow();
      // A run that has lost the PR's lock must not write: another run may own the PR by now.
      session.octokit.hook.before("request", (options) => {
        if (options.method !== "GET" && !lock.held()) throw new ClaimLostError(`${options.method} ${options.url}`);
      });
      await runReviewJob(job, session, this.services, log);
      await this.clients.bounded.set(doneKey, "1", "EX", CLAIM_TTL_S);
      return "done";
    } finally {
      await lock.release().catch(() => {}); // Redis away: the lock lapses on its own
    }
  }

  #redisError(source: string, error: Error): void {
    if (this.#errorsLogged.has(source)) return;
    this.#errorsLogged.add(source);
    this.appLog.warn({ err: error }, `${source}: Redis error (further ones are not logged until Redis is back)`);
  }

  #onFailed(bullJob: Job<QueuedReview>, error: Error): void {
    const { job } = bullJob.data;
    const log = this.logFor(job);
    const attempts = bullJob.attemptsMade;
    if (attempts >= (bullJob.opts.attempts ?? 1)) {
      this.services.metrics.jobs.inc({ outcome: "gave_up" });
      log.error({ err: error, attempts }, `review failed ${attempts} times; giving up`);
      return;
    }
    this.services.metrics.jobs.inc({ outcome: "retried" });
    log.warn({ err: error, attempts }, "review failed; it will be retried");
  }

  async #supersededByNewerTrigger(job: ReviewJob): Promise<boolean> {
    const key = this.#triggersKey(job);
    const score = await this.clients.bounded.zscore(key, job.deliveryId);
    // Trimmed: at least TRIGGERS_KEPT newer triggers came after it.
    if (score === null) return true;
    return (await this.clients.bounded.zcount(key, `(${score}`, "+inf")) > 0;
  }

  #triggersKey(job: ReviewJob): string {
    return `${PREFIX}:pr-triggers:${pullRequestKey(job)}`;
  }

  /** Forwards jobs spooled while Redis was away; retried every SPOOL_RETRY_MS until the spool is empty. */
  #scheduleFlush(delayMs: number): void {
    if (this.#draining) return;
    clearTimeout(this.#flushTimer);
    this.#flushTimer = setTimeout(() => {
      this.#flushing ??= this.#flush().finally(() => (this.#flushing = undefined));
    }, delayMs);
  }

  async #flush(): Promise<void> {
    const spooled = await this.journal.pendingJobs();
    for (const kept of spooled) {
      try {
        await this.#enqueue({ job: JSON.parse(kept.job) as ReviewJob, installationId: kept.installationId });
        await this.journal.finishJob(kept.deliveryId);
        this.appLog.info({ delivery: kept.deliveryId }, "spooled job handed to the Redis queue");
      } catch {
        this.#scheduleFlush(SPOOL_RETRY_MS);
        return;
      }
    }
  }
}

/** A write refused because this run no longer holds its pull request's lock. */
class ClaimLostError extends Error {
  constructor(request: string) {
    super(`not sent: ${request} (this run lost its pull request lock while Redis was away; the job runs again)`);
    this.name = "ClaimLostError";
  }
}

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms)));
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
