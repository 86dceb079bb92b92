// Heap over a longer run: is memory flat, or only not yet collected? Samples the app's own heap (from
// /metrics) and RSS once a second at 50 deliveries/s over 100 installations (fake model 2 s per answer),
// and prints each 15 s window's lowest heap: troughs that keep rising are a leak; a sawtooth is V8
// collecting its old generation lazily. Redis mode by default (one replica); EMBEDDED=1 for the embedded mode.
// Run: npm run bench:heap   (SECONDS=120 by default)
import { createHmac, generateKeyPairSync } from "node:crypto";
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { startFakeGitHub } from "../test/fakes/fake-github.mjs";
import { completion, startFakeModel } from "../test/fakes/fake-model.mjs";
import { startRedisServer } from "../test/fakes/redis-server.mjs";
import { startAppProcess } from "../test/fakes/start-app-process.mjs";
const SECONDS = Number(process.env.SECONDS ?? 120), RATE = 50;
const examples = JSON.parse(readFileSync(new URL("../node_modules/@octokit/webhooks-examples/api.github.com/index.json", import.meta.url), "utf8"));
const opened = examples.find((e) => e.name === "pull_request").examples.find((p) => p.action === "opened" && p.installation);
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const github = await startFakeGitHub({ files: () => [{ filename: "src/a.ts", status: "modified", additions: 1, deletions: 0, changes: 1, patch: "@@ -1,2 +1,3 @@\n a\n+b\n c" }] });
const model = await startFakeModel({ delayMs: 2000, answer: (req) => ({ body: completion(req.model === "lead" ? "Summary." : '{"summary": "ok", "findings": []}') }) });
const redis = process.env.EMBEDDED ? null : await startRedisServer();
const app = await startAppProcess({ APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: "s", GHE_HOST: github.host, GHE_PROTOCOL: "http", LLM_BASE_URL: model.baseUrl, LEAD_MODEL: "lead", DATA_DIR: mkdtempSync(join(tmpdir(), "hp-")), DAILY_TOKEN_BUDGET: "100000000", ...(redis ? { REDIS_URL: redis.url(3) } : {}) });
const samples = [];
const start = performance.now();
for (let i = 0; i < RATE * SECONDS; i++) {
  const wait = start + (i * 1000) / RATE - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const p = structuredClone(opened); p.number = p.pull_request.number = 10000 + i; p.installation.id = 1 + (i % 100);
  const body = JSON.stringify(p);
  void fetch(`${app.url}/api/github/webhooks`, { method: "POST", headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": `hp-${i}`, "x-hub-signature-256": `sha256=${createHmac("sha256", "s").update(body).digest("hex")}` }, body }).then((r) => r.arrayBuffer());
  if (i % RATE === 0) {
    const m = await (await fetch(`${app.url}/metrics`)).text();
    const heap = Number(/glm_review_nodejs_heap_size_used_bytes (\d+)/.exec(m)[1]) / 2 ** 20;
    const rss = Number(execFileSync("ps", ["-o", "rss=", "-p", String(app.pid)], { encoding: "utf8" })) / 1024;
    samples.push({ s: i / RATE, heap, rss });
  }
}
for (let w = 0; w < SECONDS; w += 15) {
  const win = samples.filter((x) => x.s >= w && x.s < w + 15);
  console.log(`${w}-${w + 15} s: heap min ${Math.min(...win.map((x) => x.heap)).toFixed(1)} MB, max ${Math.max(...win.map((x) => x.heap)).toFixed(1)}; rss end ${win.at(-1).rss.toFixed(0)} MB`);
}
await app.signal("SIGTERM"); redis?.stop(); await github.close(); await model.close();
