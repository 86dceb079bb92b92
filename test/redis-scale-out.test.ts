import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { startFakeGitHub } from "./fakes/fake-github.mjs";
import { completion, startFakeModel } from "./fakes/fake-model.mjs";
import { flushRedisDb, redisMissingReason, sharedRedisForTests, startRedisServer } from "./fakes/redis-server.mjs";
import { startAppProcess } from "./fakes/start-app-process.mjs";
import { MATH_PATCH } from "./helpers/github-mock.js";
import { metricValue } from "./helpers/observe.js";
import { pullRequestOpened, pullRequestPush, reviewCommand } from "./helpers/webhook-fixtures.js";
import { RedisKeys } from "../src/redis/redis-keys.js";
import { postWebhook } from "./helpers/post-webhook.js";
import { waitFor } from "./helpers/wait-for.js";

const SECRET = "scale-secret";
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const DELEGATE_ANSWER = JSON.stringify({ summary: "ok", findings: [{ path: "src/math.ts", line: 2, severity: "low", title: "Zero", suggestion: "  if (b === 0) throw new Error();" }] });

const missing = redisMissingReason();
if (missing) console.warn(`Redis scale-out tests skipped: ${missing}`);
const describeWithRedis = missing ? describe.skip : describe;
/** JOB_LOCK_MS in these tests is 2 s: an outage this long lets every lock lapse. */
const OUTAGE_PAST_LOCK_MS = 2500;

type AppProcess = Awaited<ReturnType<typeof startAppProcess>>;

/** A signed delivery, as GitHub sends it. */
async function deliver(url: string, event: string, payload: unknown, id: string): Promise<number> {
  return (await postWebhook(url, { event, id, payload, secret: SECRET })).status;
}

/** Several real app processes (replicas) on one Redis, a fake GitHub and a fake model, all on loopback. */
describeWithRedis("Redis scale-out (REDIS_URL)", () => {
  let redis: Awaited<ReturnType<typeof sharedRedisForTests>>;
  // Databases 17 and up: the store contract and the script tests use 7-15 of the same shared Redis.
  let db = 16;
  const cleanup: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    redis = await sharedRedisForTests();
  });
  afterAll(() => redis.release());
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function setup(options: { lead?: number; delegate?: number; github?: Parameters<typeof startFakeGitHub>[0]; env?: Record<string, string> } = {}) {
    db += 1;
    flushRedisDb(redis.port, db);
    const github = await startFakeGitHub({ files: () => [{ filename: "src/math.ts", status: "modified", additions: 4, deletions: 1, changes: 5, patch: MATH_PATCH }], ...options.github });
    const timing = { lead: options.lead ?? 0, delegate: options.delegate ?? 0 };
    const model = await startFakeModel({
      answer: (req) => (req.model === "lead" ? { body: completion("Summary."), delayMs: timing.lead } : { body: completion(DELEGATE_ANSWER), delayMs: timing.delegate }),
    });
    cleanup.push(() => github.close(), () => model.close());
    const env: Record<string, string> = {
      APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, GHE_HOST: github.host, GHE_PROTOCOL: "http",
      LLM_BASE_URL: model.baseUrl, LEAD_MODEL: "lead", REDIS_URL: redis.url(db), JOB_LOCK_MS: "2000", JOB_RETRY_BASE_MS: "200",
      SYNC_DEBOUNCE_MS: "1000", ...options.env,
    };
    /** A replica: its own process and DATA_DIR (its spool), the shared Redis. */
    const replica = async (extra: Record<string, string> = {}): Promise<AppProcess> => {
      const app = await startAppProcess({ ...env, DATA_DIR: mkdtempSync(join(tmpdir(), "glm-replica-")), ...extra });
      cleanup.push(() => app.stop());
      return app;
    };
    return { github, model, timing, replica };
  }

  const metricsOf = async (app: AppProcess) => (await fetch(`${app.url}/metrics`)).text();
  const counter = (metrics: string, name: string, label: string) => Number(new RegExp(`${name}\\{${label}\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
  const delegateCalls = (model: { calls: any[] }) => model.calls.filter((c) => c.request.model !== "lead").length;

  it("two replicas receive the same delivery at once: one review, one summary comment", async () => {
    const { github, model, replica } = await setup();
    const [a, b] = await Promise.all([replica(), replica()]);
    const statuses = await Promise.all([deliver(a.url, "pull_request", pullRequestOpened(), "same-1"), deliver(b.url, "pull_request", pullRequestOpened(), "same-1")]);
    expect(statuses).toEqual([200, 200]);
    await until(() => github.state.reviews.length === 1 && github.state.comments.some((c: any) => c.body.includes("reported 1 finding")), "the review");
    // Nothing waits or runs anywhere (the gauge is the whole deployment's queue): nothing more can happen.
    await until(async () => (await metricValue(a.url, "glm_review_queue_depth")) === 0, "an empty queue");
    expect(github.state.reviews).toHaveLength(1);
    expect(github.state.comments).toHaveLength(1);
    expect(delegateCalls(model)).toBe(1);
    const duplicates = counter(await metricsOf(a), "glm_review_skipped_total", 'reason="duplicate_delivery"') + counter(await metricsOf(b), "glm_review_skipped_total", 'reason="duplicate_delivery"');
    expect(duplicates).toBe(1);
    expect(await metricsOf(a)).toMatch(/glm_review_redis_up 1/);
  }, 60_000);

  it("a burst of pushes across replicas: one review, of the newest push", async () => {
    // The quiet time comfortably exceeds the three deliveries, even on a loaded CI machine.
    const { github, model, replica } = await setup({ env: { SYNC_DEBOUNCE_MS: "3000" } });
    const [a, b] = await Promise.all([replica(), replica()]);
    const heads = ["a".repeat(40), "b".repeat(40), "c".repeat(40)];
    for (const [i, head] of heads.entries()) expect(await deliver([a, b][i % 2]!.url, "pull_request", pullRequestPush(head), `push-${i}`)).toBe(200);
    await until(() => github.state.reviews.length === 1, "the review");
    const superseded = async () => counter(await metricsOf(a), "glm_review_skipped_total", 'reason="superseded_push"') + counter(await metricsOf(b), "glm_review_skipped_total", 'reason="superseded_push"');
    await until(async () => (await superseded()) === 2, "both older pushes superseded");
    // Nothing waits or runs anywhere (the gauge is the whole deployment's queue): nothing more can happen.
    await until(async () => (await metricValue(a.url, "glm_review_queue_depth")) === 0, "an empty queue");
    expect(github.state.reviews).toHaveLength(1);
    expect(model.calls.filter((c) => c.request.model === "lead")).toHaveLength(1);
    // The job that ran is the newest push's (BullMQ keeps each job's result under its delivery id).
    const result = (id: string) => spawnSync("redis-cli", ["-p", String(redis.port), "-n", String(db), "hget", new RedisKeys().bullJob(id), "returnvalue"], { encoding: "utf8" }).stdout.trim();
    expect([result("push-0"), result("push-1"), result("push-2")]).toEqual(['"superseded"', '"superseded"', '"done"']);
  }, 60_000);

  it("commands for one PR on two replicas: both run, never at the same time", async () => {
    const { github, model, replica } = await setup({ lead: 800, delegate: 800 });
    const [a, b] = await Promise.all([replica(), replica()]);
    await Promise.all([deliver(a.url, "issue_comment", reviewCommand(), "cmd-a"), deliver(b.url, "issue_comment", reviewCommand(), "cmd-b")]);
    const summaryEdits = () => github.state.requests.filter((r: any) => r.method === "PATCH").length;
    // Each review edits the one summary twice (lead summary, final); the first review creates it.
    await until(() => delegateCalls(model) === 2 && summaryEdits() === 3, "both reviews", 45_000);
    expect(github.state.reactions).toEqual(["eyes", "eyes"]);
    expect(model.load.maxInFlight).toBe(1);
    expect(github.state.comments).toHaveLength(1);
    // The second review found the same finding: its fingerprint is shared in Redis, so it is not posted again.
    expect(github.state.reviews).toHaveLength(1);
  }, 60_000);

  it("kill -9 mid-review: another replica takes the job over, the review lands once", async () => {
    const { github, model, timing, replica } = await setup({ lead: 60_000 });
    const [a, b] = await Promise.all([replica(), replica()]);
    expect(await deliver(a.url, "pull_request", pullRequestOpened(), "kill-1")).toBe(200);
    await until(() => model.calls.length === 1, "the lead call");
    timing.lead = 0;
    // Whichever replica took the job, kill it; the other one finishes the review.
    const [victim, survivor] = (await metricsOf(a)).includes('glm_review_reviews_total{trigger="opened"} 1') ? [a, b] : [b, a];
    expect(await victim.signal("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
    await until(() => github.state.reviews.length === 1 && github.state.comments.some((c: any) => c.body.includes("reported 1 finding")), "the review by the survivor");
    // The job is finished (nothing of it can still write) once the survivor counts it done.
    await until(async () => counter(await metricsOf(survivor), "glm_review_jobs_total", 'outcome="done"') === 1, "the survivor's job done");
    expect(github.state.reviews).toHaveLength(1);
    expect(github.state.comments).toHaveLength(1);
    expect(delegateCalls(model)).toBe(1);
    expect(counter(await metricsOf(survivor), "glm_review_jobs_total", 'outcome="resumed"')).toBe(1);
  }, 60_000);

  it("SIGTERM drains: the running review finishes, then exit 0", async () => {
    const { github, model, replica } = await setup({ delegate: 1500 });
    const app = await replica();
    expect(await deliver(app.url, "pull_request", pullRequestOpened(), "term-1")).toBe(200);
    await until(() => delegateCalls(model) === 1, "the delegate call");
    expect(await app.signal("SIGTERM")).toEqual({ code: 0, signal: null });
    expect(github.state.reviews).toHaveLength(1);
  }, 60_000);

  it("SIGTERM with a review still running past the grace: exit 0, another replica takes the job over", async () => {
    const { github, model, replica } = await setup({ delegate: 60_000, env: { SHUTDOWN_GRACE_MS: "300" } });
    const [a, b] = await Promise.all([replica(), replica()]);
    expect(await deliver(a.url, "pull_request", pullRequestOpened(), "handover-1")).toBe(200);
    await until(() => delegateCalls(model) === 1, "the delegate call");
    const [leaving, staying] = (await metricsOf(a)).includes('glm_review_reviews_total{trigger="opened"} 1') ? [a, b] : [b, a];
    expect(await leaving.signal("SIGTERM")).toEqual({ code: 0, signal: null });
    // It left within its grace, not after the delegate call: that call (60 s) is still open at the model.
    expect(model.load.inFlight).toBe(1);
    // The call in flight was marked before it started: the replica that takes over reports it, never repeats it.
    await until(() => github.state.comments.some((c: any) => c.body.includes("interrupted by a restart")), "the summary by the other replica");
    expect(delegateCalls(model)).toBe(1);
    expect(github.state.comments).toHaveLength(1);
    expect(counter(await metricsOf(staying), "glm_review_jobs_total", 'outcome="resumed"')).toBe(1);
  }, 60_000);

  it("a poison job (installation token always refused) ends after JOB_MAX_ATTEMPTS: a metric, no hot loop", async () => {
    const { github, replica } = await setup({ github: { intercept: (method: string, path: string) => (method === "POST" && path.endsWith("/access_tokens") ? [403, { message: "suspended" }] : undefined) } as any, env: { JOB_MAX_ATTEMPTS: "3" } });
    const app = await replica();
    expect(await deliver(app.url, "pull_request", pullRequestOpened(), "poison-1")).toBe(200);
    await until(async () => counter(await metricsOf(app), "glm_review_jobs_total", 'outcome="gave_up"') === 1, "giving up");
    const metrics = await metricsOf(app);
    expect(counter(metrics, "glm_review_jobs_total", 'outcome="retried"')).toBe(2);
    // Nothing waits or runs anywhere (the gauge is the whole deployment's queue): nothing more can happen.
    await until(async () => (await metricValue(app.url, "glm_review_queue_depth")) === 0, "an empty queue");
    // Two token requests an attempt (the config read falls back to defaults, then the PR read fails), three attempts.
    expect(github.state.requests.filter((r: any) => r.path.endsWith("/access_tokens"))).toHaveLength(6);
    expect(app.output()).toContain("giving up");
  }, 60_000);
});

describeWithRedis("Redis outages", () => {
  const cleanup: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  /** One Redis of the test's own (it is stopped and started), the fakes, and the app's environment. */
  async function outageWorld(options: { appendonly: boolean; leadMs?: number }) {
    const redis = await startRedisServer({ appendonly: options.appendonly });
    cleanup.push(() => redis.stop());
    const timing = { lead: options.leadMs ?? 0 };
    const github = await startFakeGitHub({ files: () => [{ filename: "src/math.ts", status: "modified", additions: 4, deletions: 1, changes: 5, patch: MATH_PATCH }] });
    const model = await startFakeModel({ answer: (req) => ({ body: completion(req.model === "lead" ? "Summary." : DELEGATE_ANSWER), delayMs: req.model === "lead" ? timing.lead : 0 }) });
    cleanup.push(() => github.close(), () => model.close());
    const env: Record<string, string> = {
      APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, GHE_HOST: github.host, GHE_PROTOCOL: "http", LLM_BASE_URL: model.baseUrl, LEAD_MODEL: "lead",
      REDIS_URL: redis.url(0), JOB_LOCK_MS: "2000", JOB_RETRY_BASE_MS: "200", DATA_DIR: mkdtempSync(join(tmpdir(), "glm-")),
    };
    const start = async (extra: Record<string, string | undefined> = {}) => {
      const app = await startAppProcess(Object.fromEntries(Object.entries({ ...env, ...extra }).filter(([, v]) => v !== undefined)) as Record<string, string>);
      cleanup.push(() => app.stop());
      return app;
    };
    const opened = (app: AppProcess, id: string) => deliver(app.url, "pull_request", pullRequestOpened(), id);
    const reviewed = () => github.state.reviews.length === 1 && github.state.comments.some((c: any) => c.body.includes("reported 1 finding"));
    return { redis, timing, github, model, start, opened, reviewed };
  }

  const healthStatus = async (app: AppProcess) => ((await (await fetch(`${app.url}/healthz`)).json()) as { status: string }).status;

  it("REDIS_URL set and Redis down at start: a clear error, exit 1", async () => {
    const port = (await startRedisServer()).port; // a port that was Redis and is no more
    spawnSync("redis-cli", ["-p", String(port), "shutdown", "nosave"]);
    const env = { APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, LLM_BASE_URL: "http://127.0.0.1:9/v1", LEAD_MODEL: "lead", REDIS_URL: `redis://127.0.0.1:${port}/0`, DATA_DIR: mkdtempSync(join(tmpdir(), "glm-")) };
    await expect(startAppProcess(env)).rejects.toThrow(/app exited with 1[\s\S]*REDIS_URL is set but Redis at redis:\/\/127\.0\.0\.1:\d+\/0 did not answer/);
  }, 30_000);

  it("Redis restarted while a review runs: the review lands once", async () => {
    const { redis, timing, github, model, start, opened, reviewed } = await outageWorld({ appendonly: true, leadMs: 3000 });
    const app = await start();
    expect(await opened(app, "mid-1")).toBe(200);
    await until(() => model.calls.length === 1, "the lead call");
    // Down for longer than JOB_LOCK_MS: both the job's lock and the PR's lapse while the first run goes on.
    // The outage's length is the fault being planted, not a wait for a result: the app first notices it.
    redis.stop();
    await until(async () => (await healthStatus(app)) === "degraded", "the app noticing the outage");
    await new Promise((r) => setTimeout(r, OUTAGE_PAST_LOCK_MS));
    timing.lead = 0;
    await redis.start();
    await until(reviewed, "the review after Redis returned", 45_000);
    await until(async () => (await metricValue(app.url, "glm_review_jobs_total", 'outcome="done"')) >= 1 && (await metricValue(app.url, "glm_review_queue_depth")) === 0, "every run of the job over");
    expect(github.state.comments).toHaveLength(1);
    expect(github.state.reviews).toHaveLength(1);
    expect(model.calls.filter((c) => c.request.model !== "lead")).toHaveLength(1);
  }, 90_000);

  it("moving to Redis: jobs the embedded mode left on disk are queued on Redis at the next start", async () => {
    const { timing, github, model, start, opened, reviewed } = await outageWorld({ appendonly: false, leadMs: 60_000 });
    const embedded = await start({ REDIS_URL: undefined });
    expect(await opened(embedded, "move-1")).toBe(200);
    await until(() => model.calls.length === 1, "the lead call");
    await embedded.signal("SIGKILL");

    timing.lead = 0;
    await start();
    await until(reviewed, "the review on Redis");
    expect(github.state.comments).toHaveLength(1);
  }, 60_000);

  it("Redis hanging (not refusing): the answer waits at most the accept deadline, and the delivery is reviewed once", async () => {
    const { redis, github, start, opened, reviewed } = await outageWorld({ appendonly: false });
    const app = await start();
    process.kill(redis.pid(), "SIGSTOP");
    try {
      // Answered while Redis is still frozen: the accept deadline, then the local spool (the add sent before it stays in flight).
      expect(await opened(app, "hang-1")).toBe(200);
      expect(await (await fetch(`${app.url}/metrics`)).text()).toMatch(/glm_review_jobs_total\{outcome="spooled"\} 1/);
    } finally {
      process.kill(redis.pid(), "SIGCONT");
    }
    // Both the late add and the spool's forward reach Redis: the claim lets exactly one of them queue it.
    await until(reviewed, "the review after Redis woke up");
    await until(async () => (await metricValue(app.url, "glm_review_jobs_total", 'outcome="done"')) >= 1 && (await metricValue(app.url, "glm_review_queue_depth")) === 0, "both paths of the delivery settled");
    expect(github.state.reviews).toHaveLength(1);
    expect(github.state.comments).toHaveLength(1);
  }, 60_000);

  it("Redis restarted mid-run: webhooks still answered, /healthz degraded, the job runs when Redis returns", async () => {
    const { redis, github, start, opened, reviewed } = await outageWorld({ appendonly: true });
    const app = await start();

    redis.stop();
    await until(async () => (await healthStatus(app)) === "degraded", "degraded health");
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "degraded", redis: { status: "unreachable" } });
    expect(await (await fetch(`${app.url}/metrics`)).text()).toMatch(/glm_review_redis_up 0/);
    // Answered while Redis is down: kept in the local spool.
    expect(await opened(app, "outage-1")).toBe(200);
    expect(await metricValue(app.url, "glm_review_jobs_total", 'outcome="spooled"')).toBe(1);
    expect(github.state.reviews).toHaveLength(0);

    await redis.start();
    await until(reviewed, "the review after Redis returned");
    await until(async () => (await healthStatus(app)) === "ok", "healthy again");
    expect(await (await fetch(`${app.url}/metrics`)).text()).toMatch(/glm_review_jobs_total\{outcome="spooled"\} 1/);
  }, 60_000);
});


const until = (check: () => boolean | Promise<boolean>, what: string, ms = 30_000) => waitFor(check, what, ms);
