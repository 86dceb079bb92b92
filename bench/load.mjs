// Load bench (embedded mode, one process): webhook answer time at a steady rate against the real server
// (`probot run`), with a fake GitHub and a fake model that takes 2 s per answer, compared with a Probot
// app that does nothing. Also: RSS over the run, and deliveries lost (counted in the store afterwards).
// Run: npm run bench:load   (RATE and SECONDS in the environment change the load; defaults 50/s for 60 s)
import { createHmac, generateKeyPairSync } from "node:crypto";
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import sqlite from "node-sqlite3-wasm";
import { startFakeGitHub } from "../test/fakes/fake-github.mjs";
import { completion, startFakeModel } from "../test/fakes/fake-model.mjs";
import { startAppProcess } from "../test/fakes/start-app-process.mjs";

const RATE = Number(process.env.RATE ?? 50);
const SECONDS = Number(process.env.SECONDS ?? 60);
const SECRET = "load-secret";
const examples = JSON.parse(readFileSync(new URL("../node_modules/@octokit/webhooks-examples/api.github.com/index.json", import.meta.url), "utf8"));
const opened = examples.find((e) => e.name === "pull_request").examples.find((p) => p.action === "opened" && p.installation);
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const patch = "@@ -1,2 +1,3 @@\n a\n+b\n c";
const rssMb = (pid) => Number(execFileSync("ps", ["-o", "rss=", "-p", String(pid)], { encoding: "utf8" }).trim()) / 1024;
const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

async function load(appPath, label) {
  const github = await startFakeGitHub({ files: () => [{ filename: "src/a.ts", status: "modified", additions: 1, deletions: 0, changes: 1, patch }] });
  const model = await startFakeModel({ delayMs: 2000, answer: (req) => ({ body: completion(req.model === "lead" ? "Summary." : '{"summary": "ok", "findings": []}') }) });
  const dataDir = mkdtempSync(join(tmpdir(), "glm-load-"));
  const app = await startAppProcess({
    APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, GHE_HOST: github.host, GHE_PROTOCOL: "http",
    LLM_BASE_URL: model.baseUrl, LEAD_MODEL: "lead", DATA_DIR: dataDir, DAILY_TOKEN_BUDGET: "100000000", SHUTDOWN_GRACE_MS: "2000",
  }, appPath);
  const times = [];
  const statuses = new Map();
  const rss = [rssMb(app.pid)];
  const total = RATE * SECONDS;
  const started = performance.now();
  const inFlight = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const payload = structuredClone(opened);
    payload.number = 10_000 + i;
    payload.pull_request.number = 10_000 + i;
    const body = JSON.stringify(payload);
    const headers = { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": `load-${label}-${i}`, "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}` };
    const t0 = performance.now();
    inFlight.push(fetch(`${app.url}/api/github/webhooks`, { method: "POST", headers, body }).then(async (res) => {
      await res.arrayBuffer();
      times.push(performance.now() - t0);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }, () => statuses.set("error", (statuses.get("error") ?? 0) + 1)));
    if (i % RATE === 0) rss.push(rssMb(app.pid));
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  rss.push(rssMb(app.pid));
  const reviewsStarted = model.calls.filter((c) => c.request.model !== "lead").length;
  await app.signal("SIGTERM");
  let accepted = null;
  if (appPath === "./lib/index.js") {
    const db = new sqlite.Database(join(dataDir, "glm-review.sqlite"), { readOnly: true });
    const deliveries = db.get("SELECT COUNT(*) AS n FROM deliveries").n;
    const pending = db.get("SELECT COUNT(*) AS n FROM pending_jobs").n;
    db.close();
    accepted = { deliveries, pending };
  }
  await github.close();
  await model.close();
  return { label, total, seconds, times, statuses: Object.fromEntries(statuses), rss, accepted, reviewsStarted };
}

const noop = await load("./bench/noop-app.mjs", "noop");
const ours = await load("./lib/index.js", "glm");
const f = (ms) => `${ms.toFixed(1)} ms`;
console.log(`\nLoad bench (${new Date().toISOString()}, Node ${process.version}): ${RATE} deliveries/s for ${SECONDS} s, fake model 2 s per answer\n`);
console.log("| app | answered | rate achieved | p50 | p99 | max | RSS start → peak → end |");
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const r of [noop, ours]) {
  console.log(`| ${r.label === "noop" ? "Probot app that does nothing" : "GLM Review"} | ${JSON.stringify(r.statuses)} of ${r.total} | ${(r.total / r.seconds).toFixed(1)}/s | ${f(quantile(r.times, 0.5))} | ${f(quantile(r.times, 0.99))} | ${f(Math.max(...r.times))} | ${r.rss[0].toFixed(0)} → ${Math.max(...r.rss).toFixed(0)} → ${r.rss.at(-1).toFixed(0)} MB |`);
}
console.log(`\np99 ratio GLM Review / do-nothing app: ${(quantile(ours.times, 0.99) / quantile(noop.times, 0.99)).toFixed(2)} (target ≤ 1.5, and p99 < 50 ms)`);
console.log(`Deliveries kept by GLM Review: ${ours.accepted.deliveries} of ${ours.total} claimed; ${ours.accepted.pending} still on disk for the next start after SIGTERM; delegate calls started during the run: ${ours.reviewsStarted}.`);
