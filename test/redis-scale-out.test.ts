import { createHmac, generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { startFakeGitHub } from "./fakes/fake-github.mjs";
import { completion, startFakeModel } from "./fakes/fake-model.mjs";
import { flushRedisDb, redisMissingReason, startRedisServer } from "./fakes/redis-server.mjs";
import { startAppProcess } from "./fakes/start-app-process.mjs";
import { MATH_PATCH } from "./helpers/github-mock.js";
import { pullRequestOpened, pullRequestPush, reviewCommand } from "./helpers/webhook-fixtures.js";

const SECRET = "scale-secret";
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const DELEGATE_ANSWER = JSON.stringify({ summary: "ok", findings: [{ path: "src/math.ts", line: 2, severity: "low", title: "Zero", suggestion: "  if (b === 0) throw new Error();" }] });

const missing = redisMissingReason();
if (missing) console.warn(`Redis scale-out tests skipped: ${missing}`);
const describeWithRedis = missing ? describe.skip : describe;

type AppProcess = Awaited<ReturnType<typeof startAppProcess>>;

/** Several real app processes (replicas) on one Redis, a fake GitHub and a fake model, all on loopback. */
describeWithRedis("Redis scale-out (REDIS_URL)", () => {
  let redis: Awaited<ReturnType<typeof startRedisServer>> & { shared?: boolean };
  let db = 0;
  const cleanup: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    const shared = process.env.GLM_TEST_REDIS_URL;
    if (shared) {
      const port = Number(new URL(shared).port);
      redis = { port, url: (n = 0) => `redis://127.0.0.1:${port}/${n}`, start: async () => {}, stop: () => {}, shared: true };
    } else {
      redis = await startRedisServer();
    }
  });
  afterAll(() => {
    if (!redis.shared) redis.stop();
  });
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

  async function deliver(url: string, event: string, payload: unknown, id: string): Promise<number> {
    const body = JSON.stringify(payload);
    const res = await fetch(`${url}/api/github/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": event, "x-github-delivery": id, "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}` },
      body,
    });
    return res.status;
  }

  async function until(check: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
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
    await new Promise((r) => setTimeout(r, 1500));
    expect(github.state.reviews).toHaveLength(1);
    expect(github.state.comments).toHaveLength(1);
    expect(delegateCalls(model)).toBe(1);
    const duplicates = counter(await metricsOf(a), "glm_review_skipped_total", 'reason="duplicate_delivery"') + counter(await metricsOf(b), "glm_review_skipped_total", 'reason="duplicate_delivery"');
    expect(duplicates).toBe(1);
    expect(await metricsOf(a)).toMatch(/glm_review_redis_up 1/);
  }, 60_000);
});
