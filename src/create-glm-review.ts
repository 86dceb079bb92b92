import type { ApplicationFunction, Probot } from "probot";
import { createJobSessionFactory } from "./github/create-job-session.js";
import { createRouteHandler } from "./http/create-route-handler.js";
import { ReviewMetrics } from "./http/review-metrics.js";
import { acceptTrigger } from "./jobs/accept-trigger.js";
import { BullJobScheduler } from "./jobs/bull/bull-job-scheduler.js";
import type { JobScheduler } from "./jobs/lifecycle/job-scheduler.js";
import { LocalJobScheduler } from "./jobs/local/local-job-scheduler.js";
import { describeSettings } from "./settings/describe-settings.js";
import { createChatEndpoints } from "./models/create-chat-client.js";
import type { ReviewServices } from "./pipeline/services/review-services.js";
import { assertRedisReachable, openBullClients, redactUrl } from "./redis/open-redis.js";
import { RedisHealth } from "./redis/redis-health.js";
import { loadSettings } from "./settings/load-settings.js";
import type { Settings } from "./settings/settings-schema.js";
import { RedisReviewStore } from "./store/redis-review-store.js";
import { utcDay, type ReviewStore } from "./store/review-store.js";
import { SqliteReviewStore } from "./store/sqlite-review-store.js";
import { decideCheckRunTrigger } from "./triggers/decide-check-run-trigger.js";
import { decideCommandTrigger } from "./triggers/decide-command-trigger.js";
import { decidePullRequestTrigger } from "./triggers/decide-pull-request-trigger.js";
import { decideThreadReplyTrigger } from "./triggers/decide-thread-reply-trigger.js";
import { decideThreadTrigger } from "./triggers/decide-thread-trigger.js";
import { pullRequestKey, type ReviewJob } from "./triggers/review-job.js";

export interface GlmReview {
  app: ApplicationFunction;
  /** Resolves when every accepted review has finished (tests). Rejects if the app was never loaded. */
  whenIdle(): Promise<void>;
  /** SIGTERM: running reviews get `graceMs` to finish; the rest stay kept for the next start. */
  drain(graceMs?: number): Promise<void>;
  /** Stops taking work, waits for running reviews, closes connections. */
  close(): Promise<void>;
}

/** The lead may retry (cheap); the delegate never does: one trigger, one billable call. */
const LEAD_SDK_RETRIES = 2;
/** REDIS_URL set and no answer within this at start: the process exits with a message, not half-configured. */
const REDIS_START_TIMEOUT_MS = 5_000;

/**
 * Builds the app from the environment. Wiring only: settings (validated here, so a bad variable stops
 * the start with a message naming it), the stores, the model clients, the scheduler, the handlers.
 */
export function createGlmReview(env: NodeJS.ProcessEnv, options: { now?: () => Date } = {}): GlmReview {
  const settings = loadSettings(env);
  const now = options.now ?? (() => new Date());
  const closers: (() => Promise<unknown>)[] = [];
  let loaded: JobScheduler | undefined;
  const scheduler = (): JobScheduler => {
    if (!loaded) throw new Error("GLM Review was not loaded into Probot: no scheduler to wait for");
    return loaded;
  };

  const app: ApplicationFunction = async (probot: Probot, { addHandler }) => {
    for (const line of describeSettings(settings)) probot.log.info(line);
    for (const warning of settings.warnings) probot.log.warn(warning);
    const { local, redis, services } = await openServices(settings, probot, now, closers);
    const sessionFor = createJobSessionFactory(probot);
    const logFor = (job: ReviewJob) => probot.log.child({ delivery: job.deliveryId, pr: pullRequestKey(job), trigger: job.trigger });
    const jobs: JobScheduler = redis
      ? new BullJobScheduler(services, local, sessionFor, redis.clients, redis.health, logFor, probot.log)
      : new LocalJobScheduler(services, local, sessionFor, probot.log);
    loaded = jobs;
    services.metrics.watchQueueDepth(() => jobs.depth());
    listenForTriggers(probot, { scheduler: jobs, metrics: services.metrics, logFor });
    addHandler(createRouteHandler(services.metrics, () => jobs.health()));
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
    whenIdle: async () => scheduler().whenIdle(),
    drain: async (graceMs = settings.shutdownGraceMs) => {
      if (loaded) await loaded.drain(graceMs);
      await closeConnections();
    },
    close: async () => {
      if (loaded) await loaded.close();
      await closeConnections();
    },
  };
}

/**
 * The stores (the local journal always: every job in embedded mode, the spool for Redis outages in
 * Redis mode), the metrics and the model endpoints: what every review uses.
 */
async function openServices(settings: Settings, probot: Probot, now: () => Date, closers: (() => Promise<unknown>)[]) {
  const local = new SqliteReviewStore(settings.dataDir);
  closers.push(() => local.close());
  const redis = settings.redisUrl ? await connectRedis(settings.redisUrl, probot) : undefined;
  if (redis) closers.push(async () => redis.close());
  const store: ReviewStore = redis ? new RedisReviewStore(redis.clients.bounded) : local;
  const metrics = new ReviewMetrics({
    tokensCommittedToday: () => store.tokensCommitted(utcDay(now())),
    redisUp: redis ? () => redis.health.up : undefined,
  });
  const services: ReviewServices = { settings, store, metrics, ...createChatEndpoints(settings, LEAD_SDK_RETRIES), now };
  return { local, redis, services };
}

/**
 * The webhook triggers: reviews (pull_request, the /glm review comment, the check's Re-run) and the findings' lives (thread
 * resolved or unresolved, a /glm reply in a thread). Each is decided from its payload and, when it is
 * work, queued.
 */
function listenForTriggers(probot: Probot, deps: Parameters<typeof acceptTrigger>[2]) {
  const deliveryOf = (context: { id: string; payload: unknown; log: ReviewLoggerLike }) => ({
    id: context.id,
    installationId: (context.payload as { installation?: { id?: number } }).installation?.id,
    log: context.log,
  });
  probot.on("pull_request", async (context) => {
    await acceptTrigger(decidePullRequestTrigger(context.id, context.payload), deliveryOf(context), deps);
  });
  probot.on("issue_comment", async (context) => {
    await acceptTrigger(decideCommandTrigger(context.id, context.payload), deliveryOf(context), deps);
  });
  probot.on("pull_request_review_thread", async (context) => {
    await acceptTrigger(decideThreadTrigger(context.id, context.payload), deliveryOf(context), deps);
  });
  probot.on("pull_request_review_comment", async (context) => {
    await acceptTrigger(decideThreadReplyTrigger(context.id, context.payload), deliveryOf(context), deps);
  });
  probot.on("check_run", async (context) => {
    await acceptTrigger(decideCheckRunTrigger(context.id, context.payload), deliveryOf(context), deps);
  });
}

type ReviewLoggerLike = Parameters<typeof acceptTrigger>[1]["log"];

/** REDIS_URL set: it must answer at start; then three clients (see BullClients) and a health tracker. */
async function connectRedis(url: string, probot: Probot) {
  await assertRedisReachable(url, REDIS_START_TIMEOUT_MS);
  const clients = openBullClients(url);
  const health = new RedisHealth(clients.fast);
  clients.fast.on("error", (error: Error) => probot.log.debug({ err: error }, "Redis connection error"));
  probot.log.info({ redis: redactUrl(url) }, "Redis mode: queue on BullMQ, state on Redis");
  return { clients, health, close: () => Object.values(clients).forEach((client) => client.disconnect()) };
}
