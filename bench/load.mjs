// Load bench: webhook answer time at a steady rate against the real server (`probot run`), with a fake
// GitHub and a fake model that takes 2 s per answer, compared with a Probot app that does nothing; then
// GLM Review embedded (one process) and on Redis with 1 and 2 replicas behind a round-robin "load
// balancer". Also: RSS over the run, reviews completed per minute, and deliveries lost (counted in the
// store afterwards: SQLite, or the claims and jobs in Redis).
// Run: npm run bench:load   (RATE and SECONDS in the environment change the load; defaults 50/s for 60 s;
// the Redis rows need redis-server on PATH, as .ci/run installs it)
import { createHmac, generateKeyPairSync } from "node:crypto";
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { Redis } from "ioredis";
import sqlite from "node-sqlite3-wasm";
import { startFakeGitHub } from "../test/fakes/fake-github.mjs";
import { completion, startFakeModel } from "../test/fakes/fake-model.mjs";
import { redisMissingReason, startRedisServer } from "../test/fakes/redis-server.mjs";
import { startAppProcess } from "../test/fakes/start-app-process.mjs";

const RATE = Number(process.env.RATE ?? 50);
// Probot throttles GitHub writes per installation (shared through Redis by all replicas): with one
// installation that pace bounds reviews per minute whatever the replicas; spread PRs over more to see past it.
const INSTALLATIONS = Number(process.env.INSTALLATIONS ?? 1);
const SECONDS = Number(process.env.SECONDS ?? 60);
const SECRET = "load-secret";
const examples = JSON.parse(readFileSync(new URL("../node_modules/@octokit/webhooks-examples/api.github.com/index.json", import.meta.url), "utf8"));
const opened = examples.find((e) => e.name === "pull_request").examples.find((p) => p.action === "opened" && p.installation);
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const patch = "@@ -1,2 +1,3 @@\n a\n+b\n c";
const rssMb = (pid) => Number(execFileSync("ps", ["-o", "rss=", "-p", String(pid)], { encoding: "utf8" }).trim()) / 1024;
const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

/** One run: `replicas` app processes (on Redis when `redisUrl` is set), deliveries spread round-robin. */
async function load({ appPath, label, replicas = 1, redisUrl }) {
  const github = await startFakeGitHub({ files: () => [{ filename: "src/a.ts", status: "modified", additions: 1, deletions: 0, changes: 1, patch }] });
  const model = await startFakeModel({ delayMs: 2000, answer: (req) => ({ body: completion(req.model === "lead" ? "Summary." : '{"summary": "ok", "findings": []}') }) });
  const dataDirs = [];
  const apps = [];
  for (let r = 0; r < replicas; r++) {
    dataDirs.push(mkdtempSync(join(tmpdir(), "glm-load-")));
    apps.push(await startAppProcess({
      APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, GHE_HOST: github.host, GHE_PROTOCOL: "http",
      LLM_BASE_URL: model.baseUrl, LEAD_MODEL: "lead", DATA_DIR: dataDirs[r], DAILY_TOKEN_BUDGET: "100000000", SHUTDOWN_GRACE_MS: "2000",
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    }, appPath));
  }
  const times = [];
  const statuses = new Map();
  const rss = apps.map((app) => [rssMb(app.pid)]);
  const total = RATE * SECONDS;
  const started = performance.now();
  const finalSummaries = () => github.state.requests.filter((r) => r.method === "PATCH" && !r.body?.body?.includes("this comment will be updated")).length;
  const inFlight = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const payload = structuredClone(opened);
    payload.number = 10_000 + i;
    payload.pull_request.number = 10_000 + i;
    payload.installation.id = 1 + (i % INSTALLATIONS);
    const body = JSON.stringify(payload);
    const headers = { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": `load-${label}-${i}`, "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}` };
    const t0 = performance.now();
    inFlight.push(fetch(`${apps[i % replicas].url}/api/github/webhooks`, { method: "POST", headers, body }).then(async (res) => {
      await res.arrayBuffer();
      times.push(performance.now() - t0);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }, () => statuses.set("error", (statuses.get("error") ?? 0) + 1)));
    if (i % RATE === 0) apps.forEach((app, r) => rss[r].push(rssMb(app.pid)));
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  apps.forEach((app, r) => rss[r].push(rssMb(app.pid)));
  const reviewsStarted = model.calls.filter((c) => c.request.model !== "lead").length;
  const reviewsDone = finalSummaries();
  for (const app of apps) await app.signal("SIGTERM");
  let accepted = null;
  if (!appPath && !redisUrl) {
    const db = new sqlite.Database(join(dataDirs[0], "glm-review.sqlite"), { readOnly: true });
    accepted = { claimed: db.get("SELECT COUNT(*) AS n FROM deliveries").n, waiting: db.get("SELECT COUNT(*) AS n FROM pending_jobs").n };
    db.close();
  } else if (redisUrl) {
    const redis = new Redis(redisUrl);
    let claimed = 0;
    for await (const keys of redis.scanStream({ match: "glm:delivery:*", count: 1000 })) claimed += keys.length;
    const waiting = (await redis.zcard("glm:reviews:delayed")) + (await redis.llen("glm:reviews:wait")) + (await redis.llen("glm:reviews:active")) + (await redis.zcard("glm:reviews:prioritized"));
    redis.disconnect();
    accepted = { claimed, waiting };
  }
  await github.close();
  await model.close();
  return { label, total, seconds, times, statuses: Object.fromEntries(statuses), rss, accepted, reviewsStarted, reviewsPerMinute: (reviewsDone / seconds) * 60 };
}

// ROWS=embedded,redis-2 runs only those (the do-nothing baseline always runs: ratios are within one run).
const rows = (process.env.ROWS ?? "embedded,redis-1,redis-2").split(",");
const noop = await load({ appPath: "./bench/noop-app.mjs", label: "noop" });
const runs = [noop];
// Two replicas share this machine's two cores with the load generator: their baseline is two do-nothing apps.
const noop2 = rows.includes("redis-2") ? await load({ appPath: "./bench/noop-app.mjs", label: "noop-2", replicas: 2 }) : undefined;
if (noop2) runs.push(noop2);
if (rows.includes("embedded")) runs.push(await load({ label: "embedded" }));
const redisMissing = redisMissingReason();
if (redisMissing) {
  console.log(`Redis rows skipped: ${redisMissing}`);
} else if (rows.some((r) => r.startsWith("redis-"))) {
  const redis = await startRedisServer();
  for (const [db, replicas] of [[1, 1], [2, 2]]) {
    if (rows.includes(`redis-${replicas}`)) runs.push(await load({ label: `redis-${replicas}`, replicas, redisUrl: redis.url(db) }));
  }
  redis.stop();
}
const f = (ms) => `${ms.toFixed(1)} ms`;
const names = { noop: "Probot app that does nothing", "noop-2": "Probot app that does nothing, 2 replicas", embedded: "GLM Review, embedded", "redis-1": "GLM Review, Redis, 1 replica", "redis-2": "GLM Review, Redis, 2 replicas" };
console.log(`\nLoad bench (${new Date().toISOString()}, Node ${process.version}): ${RATE} deliveries/s for ${SECONDS} s over ${INSTALLATIONS} installation(s), fake model 2 s per answer\n`);
console.log("| app | answered | rate achieved | p50 | p99 | p99 / do-nothing | reviews done / min | claimed, waiting at SIGTERM | RSS start → 10 s → 30 s → end (per replica) |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of runs) {
  // Samples are taken once a second (index 0 is the start): warm-up, then whether it keeps growing.
  const at = (xs, second) => xs[Math.min(xs.length - 1, second + 1)].toFixed(0);
  const memory = r.rss.map((xs) => `${xs[0].toFixed(0)} → ${at(xs, 10)} → ${at(xs, 30)} → ${xs.at(-1).toFixed(0)} MB`).join("; ");
  const kept = r.accepted ? `${r.accepted.claimed} of ${r.total}, ${r.accepted.waiting}` : "n/a";
  const baseline = r.rss.length === 2 && noop2 ? noop2 : noop;
  const ratio = (quantile(r.times, 0.99) / quantile(baseline.times, 0.99)).toFixed(2);
  console.log(`| ${names[r.label]} | ${JSON.stringify(r.statuses)} of ${r.total} | ${(r.total / r.seconds).toFixed(1)}/s | ${f(quantile(r.times, 0.5))} | ${f(quantile(r.times, 0.99))} | ${ratio} | ${r.label.startsWith("noop") ? "n/a" : r.reviewsPerMinute.toFixed(1)} | ${kept} | ${memory} |`);
}
console.log("\nTargets: p99 < 50 ms and ≤ 1.5 × the do-nothing app (with as many replicas); every delivery claimed (none lost).");
