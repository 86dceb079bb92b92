import type { ApplicationFunction, Context, Probot } from "probot";
import type { GitHubClient } from "./github/github-client.js";
import { createChatClient } from "./models/create-chat-client.js";
import { ReviewMetrics } from "./observability/review-metrics.js";
import { BullJobRunner, type BullClients } from "./pipeline/bull-job-runner.js";
import { JobRunner } from "./pipeline/job-runner.js";
import type { JobScheduler } from "./pipeline/job-scheduler.js";
import type { ReviewServices } from "./pipeline/review-context.js";
import type { JobSession } from "./pipeline/run-review-job.js";
import { assertRedisReachable, openRedis, redactUrl } from "./redis/open-redis.js";
import { RedisHealth } from "./redis/redis-health.js";
import { createRouteHandler } from "./routes/create-route-handler.js";
import { loadSettings } from "./settings/load-settings.js";
import { RedisReviewStore } from "./store/redis-review-store.js";
import { SqliteReviewStore } from "./store/sqlite-review-store.js";
import { utcDay, type ReviewStore } from "./store/review-store.js";
import { decideCommandTrigger } from "./triggers/decide-command-trigger.js";
import { decidePullRequestTrigger } from "./triggers/decide-pull-request-trigger.js";
import { pullRequestKey, type ReviewJob, type TriggerDecision } from "./triggers/review-job.js";

export interface GlmReview {
  app: ApplicationFunction;
  /** Resolves when every accepted review has finished (tests). */
  whenIdle(): Promise<void>;
  /** SIGTERM: running reviews get `graceMs` to finish; the rest stay on disk for the next start. */
  drain(graceMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The lead may retry (cheap); the delegate never does: one trigger, one billable call. */
const LEAD_SDK_RETRIES = 2;
/** REDIS_URL set and no answer within this at start: the process exits with a message, not half-configured. */
const REDIS_START_TIMEOUT_MS = 5_000;

/**
 * Builds the app from the environment: settings are validated here, so a bad variable stops the start
 * with a message naming it; with REDIS_URL, so does a Redis that does not answer. Wiring only: the
 * webhook handlers decide, accept (claim + keep the job: on local disk, or in Redis), return.
 */
export function createGlmReview(env: NodeJS.ProcessEnv, options: { now?: () => Date } = {}): GlmReview {
  const settings = loadSettings(env);
  const closers: (() => Promise<unknown>)[] = [];
  let scheduler: JobScheduler | undefined;

  const app: ApplicationFunction = async (probot: Probot, { addHandler }) => {
    for (const warning of settings.warnings) probot.log.warn(warning);
    // The local journal: every job in embedded mode; the spool for Redis outages in Redis mode.
    const local = new SqliteReviewStore(settings.dataDir);
    closers.push(() => local.close());
    let reviewStore: ReviewStore = local;
    let redis: { clients: BullClients; health: RedisHealth } | undefined;
    if (settings.redisUrl) {
      await assertRedisReachable(settings.redisUrl, REDIS_START_TIMEOUT_MS);
      const clients: BullClients = { fast: openRedis(settings.redisUrl, "fail-fast"), blocking: openRedis(settings.redisUrl, "blocking"), bounded: openRedis(settings.redisUrl, "bounded") };
      // The health tracker reports the fast client's errors; the others would repeat them.
      for (const client of [clients.blocking, clients.bounded]) client.on("error", () => {});
      const health = new RedisHealth(clients.fast);
      clients.fast.on("error", (error: Error) => probot.log.debug({ err: error }, "Redis connection error"));
      redis = { clients, health };
      reviewStore = new RedisReviewStore(clients.bounded);
      closers.push(async () => {
        for (const client of Object.values(clients)) client.disconnect();
      });
      probot.log.info({ redis: redactUrl(settings.redisUrl) }, "Redis mode: queue on BullMQ, state on Redis");
    }
    const now = options.now ?? (() => new Date());
    let queueDepth = async () => 0;
    const metrics = new ReviewMetrics({
      queueDepth: () => queueDepth(),
      tokensCommittedToday: () => reviewStore.tokensCommitted(utcDay(now())),
      redisUp: redis ? () => redis.health.up : undefined,
    });
    const services: ReviewServices = {
      settings,
      store: reviewStore,
      metrics,
      leadClient: settings.lead ? createChatClient(settings.lead, { maxRetries: LEAD_SDK_RETRIES, timeoutMs: settings.lead.timeoutMs }) : null,
      delegateClient: createChatClient(settings.delegate, { maxRetries: 0, timeoutMs: settings.delegate.timeoutMs }),
      now,
    };
    /**
     * A job's GitHub session, built when it starts (a waiting job holds no webhook context): the
     * installation's client (Probot caches its tokens) and the config plugin context.config wraps.
     */
    async function sessionFor(job: ReviewJob, installationId: number | undefined): Promise<JobSession> {
      const octokit = (await probot.auth(installationId)) as GitHubClient;
      return {
        octokit,
        loadConfig: async (file) => {
          const { config, files } = await octokit.config.get({ owner: job.owner, repo: job.repo, path: `.github/${file}` });
          return files.some((f) => f.config !== null) ? config : null;
        },
      };
    }

    const logFor = (job: ReviewJob) => probot.log.child({ delivery: job.deliveryId, pr: pullRequestKey(job), trigger: job.trigger });
    const jobs: JobScheduler = (scheduler = redis
      ? new BullJobRunner(services, local, sessionFor, redis.clients, redis.health, logFor, probot.log)
      : new JobRunner(services, local, sessionFor, (error, key) => probot.log.error({ err: error, pr: key }, "review failed")));
    queueDepth = () => jobs.depth();

    async function accept(context: Context, decision: TriggerDecision): Promise<void> {
      if (!decision.run) {
        // Events that are simply not ours stay at debug; a refused or broken trigger is worth a line.
        const level = decision.code === "not_a_trigger" ? "debug" : "info";
        context.log[level]({ delivery: context.id, reason: decision.reason }, `skipped: ${decision.reason}`);
        metrics.skipped.inc({ reason: decision.code });
        return;
      }
      const job = decision.job;
      const log = logFor(job);
      const installationId = (context.payload as { installation?: { id?: number } }).installation?.id;
      if (!(await jobs.accept(job, installationId, log))) {
        metrics.skipped.inc({ reason: "duplicate_delivery" });
        log.info("skipped: delivery already handled");
        return;
      }
      log.info("queued");
    }

    probot.on("pull_request", (context) => accept(context, decidePullRequestTrigger(context.id, context.payload)));
    probot.on("issue_comment", (context) => accept(context, decideCommandTrigger(context.id, context.payload)));
    addHandler(createRouteHandler(metrics, () => jobs.health()));
    void jobs.resume(logFor).then(
      (count) => count > 0 && probot.log.info({ count }, "resumed accepted jobs"),
      (error: unknown) => probot.log.error({ err: error }, "could not resume accepted jobs; they stay on disk"),
    );
  };

  const closeConnections = async () => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  return {
    app,
    whenIdle: async () => scheduler?.whenIdle(),
    drain: async (graceMs = settings.shutdownGraceMs) => {
      await scheduler?.drain(graceMs);
      await closeConnections();
    },
    close: async () => {
      await scheduler?.close();
      await closeConnections();
    },
  };
}
