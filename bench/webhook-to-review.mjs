// Bench: time from webhook to posted review for a 300-line PR (median of 20), and the webhook's
// answer time while reviews are running (median, p99). The real server (npm start: node lib/main.js)
// against a fake GitHub and a fake model on 127.0.0.1. Run: npm run bench
import { createHmac, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeGitHub } from "../test/fakes/fake-github.mjs";
import { completion, startFakeModel } from "../test/fakes/fake-model.mjs";
import { freePort, startAppProcess } from "../test/fakes/start-app-process.mjs";
import { pino } from "pino";
import { Probot, ProbotOctokit, Server } from "probot";
import { createGlmReview } from "../lib/create-glm-review.js";

const SECRET = "bench-secret";
const RUNS = 20;
const LINES = 300;

const examples = JSON.parse(readFileSync(new URL("../node_modules/@octokit/webhooks-examples/api.github.com/index.json", import.meta.url), "utf8"));
const opened = examples.find((e) => e.name === "pull_request").examples.find((p) => p.action === "opened" && p.installation);

// A 300-line change over three files, with context and deletions, like a real feature PR.
function filesFor(pull) {
  return [0, 1, 2].map((f) => {
    const body = [];
    for (let i = 0; i < LINES / 3; i++) {
      if (i % 10 === 0) body.push(` // section ${i} of file ${f}`);
      else if (i % 10 === 5) body.push(`-  const legacy${i} = oldCompute(${i});`);
      else body.push(`+  const value${i} = compute(input${f}, ${i}, "pr-${pull}");`);
    }
    const added = body.filter((l) => l[0] === "+").length;
    const removed = body.filter((l) => l[0] === "-").length;
    const ctx = body.length - added - removed;
    return {
      filename: `src/module${f}.ts`, status: "modified", additions: added, deletions: removed, changes: added + removed,
      patch: `@@ -1,${ctx + removed} +1,${ctx + added} @@\n${body.join("\n")}`,
    };
  });
}

const finding = JSON.stringify({ summary: "ok", findings: [{ path: "src/module0.ts", line: 2, severity: "low", title: "Name", root_cause: "r", suggestion: "  const v = 1;" }] });
const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const median = (xs) => quantile(xs, 0.5);

function signed(payload, id) {
  const body = JSON.stringify(payload);
  return { body, headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": id, "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}` } };
}

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

/** The same app in this process, with Probot's write throttling off: what our own code costs. */
async function startInProcess(env, githubHost) {
  const glm = createGlmReview(env);
  const log = pino({ level: "silent" });
  const Octokit = ProbotOctokit.defaults((o) => ({ ...o, throttle: { ...o.throttle, enabled: false } }));
  const server = new Server({
    host: "127.0.0.1", port: await freePort(), log,
    Probot: Probot.defaults({ appId: 1, privateKey, secret: SECRET, Octokit, log, baseUrl: `http://${githubHost}/api/v3` }),
  });
  await server.load(glm.app);
  await server.start();
  return { url: `http://127.0.0.1:${server.port}`, stop: async () => { await glm.close(); await server.stop(); } };
}

async function run(modelDelayMs, { inProcess = false } = {}) {
  const github = await startFakeGitHub({ files: filesFor });
  const model = await startFakeModel({ delayMs: modelDelayMs, answer: (req) => ({ body: completion(req.model === "lead" ? "Summary.\n- src/module0.ts" : finding) }) });
  const env = {
    LLM_BASE_URL: model.baseUrl, LEAD_MODEL: "lead", DAILY_TOKEN_BUDGET: "100000000", REVIEW_CONCURRENCY: "4",
    DATA_DIR: mkdtempSync(join(tmpdir(), "glm-bench-")),
  };
  const app = inProcess
    ? await startInProcess(env, github.host)
    : await startAppProcess({ ...env, APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, GHE_HOST: github.host, GHE_PROTOCOL: "http" });
  const deliver = async (pull, id) => {
    const payload = structuredClone(opened);
    payload.number = pull;
    payload.pull_request.number = pull;
    const { body, headers } = signed(payload, id);
    const t0 = performance.now();
    const res = await fetch(`${app.url}/api/github/webhooks`, { method: "POST", headers, body });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - t0, t0 };
  };
  const waitFor = async (check) => { while (!check()) await new Promise((r) => setTimeout(r, 2)); };
  return { github, model, app, deliver, waitFor, close: async () => { await app.stop(); await github.close(); await model.close(); } };
}

// 1. Webhook -> posted review, one PR at a time, model answering at once.
async function reviewTimes(setup) {
  const toReview = [];
  const toSummary = [];
  for (let i = 0; i < RUNS; i++) {
    const pull = 1000 + i;
    const { t0 } = await setup.deliver(pull, `bench-a-${i}`);
    await setup.waitFor(() => setup.github.state.reviews.some((r) => r.pull === pull));
    toReview.push(performance.now() - t0);
    await setup.waitFor(() => setup.github.state.comments.some((c) => c.issue === pull && c.body.includes("reported 1 finding")));
    toSummary.push(performance.now() - t0);
  }
  return { toReview, toSummary };
}
const own = await run(0, { inProcess: true });
const ownTimes = await reviewTimes(own);
const promptChars = own.model.calls.filter((c) => c.request.model !== "lead").map((c) => c.request.messages.map((m) => m.content).join("").length);
await own.close();
const a = await run(0);
const { toReview, toSummary } = await reviewTimes(a);
await a.close();

// 2. Webhook answer time while reviews run (model takes 2 s per answer): 100 deliveries at ~20/s.
const b = await run(2000);
const answers = [];
for (let i = 0; i < 100; i++) {
  const r = await b.deliver(2000 + i, `bench-b-${i}`);
  if (r.status !== 200) throw new Error(`delivery answered ${r.status}`);
  answers.push(r.ms);
  await new Promise((res) => setTimeout(res, 50));
}
const runningAtEnd = b.model.calls.length;
await b.close();

const fmt = (ms) => `${ms.toFixed(1)} ms`;
console.log(`\nGLM Review bench (${new Date().toISOString()}, Node ${process.version}, fakes on loopback)\n`);
console.log("| measure | median | p99 | n |");
console.log("| --- | --- | --- | --- |");
console.log(`| webhook -> review posted, app's own time (in-process, Probot throttling off) | ${fmt(median(ownTimes.toReview))} | ${fmt(quantile(ownTimes.toReview, 0.99))} | ${RUNS} |`);
console.log(`| webhook -> final summary edited, app's own time | ${fmt(median(ownTimes.toSummary))} | ${fmt(quantile(ownTimes.toSummary, 0.99))} | ${RUNS} |`);
console.log(`| webhook -> review posted, \`npm start\` process (Probot throttling on) | ${fmt(median(toReview))} | ${fmt(quantile(toReview, 0.99))} | ${RUNS} |`);
console.log(`| webhook -> final summary edited, \`npm start\` process | ${fmt(median(toSummary))} | ${fmt(quantile(toSummary, 0.99))} | ${RUNS} |`);
console.log(`| webhook answer while reviews run (model 2 s) | ${fmt(median(answers))} | ${fmt(quantile(answers, 0.99))} | ${answers.length} |`);
console.log(`\nDelegate prompt size for the 300-line PR: ${median(promptChars)} characters. Model calls started during phase 2: ${runningAtEnd}.`);
console.log("Note: the review and summary times include Probot's own write throttling (writes spaced ~1 s, comment writes ~3 s), which is on in production.");
