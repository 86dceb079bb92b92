// Bench: GLM-5.2 streaming 8,000 reasoning tokens at a realistic pace, then its answer.
// 1) In process: the app's CPU time per streamed token in completeChat (SSE parsing, deltas, stall guard).
// 2) The real server (node lib/main.js): webhook to posted review with that stream.
// Run: npm run bench:stream  (TOKENS=8000 RATE=400 tokens/s by default)
import { createHmac, generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { startFakeGitHub } from "../test/fakes/fake-github.mjs";
import { startFakeModel, streamChunks } from "../test/fakes/fake-model.mjs";
import { startAppProcess } from "../test/fakes/start-app-process.mjs";
import { completeChat } from "../lib/models/complete-chat.js";

const TOKENS = Number(process.env.TOKENS ?? 8000);
const RATE = Number(process.env.RATE ?? 400);
const PER_CHUNK = 4; // tokens per SSE chunk, as GLM endpoints send them in bursts
const answer = JSON.stringify({ summary: "One defect.", findings: [{ path: "src/math.ts", line: 2, severity: "medium", title: "Zero hides errors", root_cause: "Returns 0." }] });
const reasoning = Array.from({ length: TOKENS }, (_, i) => `w${i % 97} `).join("");
const chunks = streamChunks(answer, { reasoning, pieces: TOKENS / PER_CHUNK, usage: { prompt_tokens: 2000, completion_tokens: TOKENS + 60, total_tokens: TOKENS + 2060, completion_tokens_details: { reasoning_tokens: TOKENS } } });
const sse = { chunks, chunkDelayMs: (1000 * PER_CHUNK) / RATE };

const model = await startFakeModel({ answer: (req) => (req.model === "lead-small" ? { body: { choices: [{ index: 0, message: { role: "assistant", content: "Summary." }, finish_reason: "stop" }] } } : { sse }) });

// 1) In process.
const client = new OpenAI({ baseURL: model.baseUrl, apiKey: "x", maxRetries: 0 });
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const outcome = await completeChat(client, { model: "glm", messages: [{ role: "user", content: "review" }], maxTokens: 16000, timeoutMs: 600_000, stallMs: 60_000, stream: true, extraBody: {} });
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(`in process: ${outcome.kind}, ${chunks.length} chunks, ${TOKENS} reasoning tokens at ${RATE}/s: wall ${(wall / 1000).toFixed(1)} s, CPU ${cpuMs.toFixed(0)} ms = ${((cpuMs * 1000) / TOKENS).toFixed(1)} µs per token (fake server in the same process included)`);

// 2) The real server.
const github = await startFakeGitHub({ files: { 2: [{ filename: "src/math.ts", status: "modified", additions: 2, deletions: 1, changes: 3, patch: "@@ -1,3 +1,4 @@\n export function divide(a, b) {\n-  return a / b;\n+  if (b === 0) return 0;\n+  return a / b;\n }" }] } });
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const app = await startAppProcess({ APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: "s", GHE_HOST: github.host, GHE_PROTOCOL: "http", LLM_BASE_URL: model.baseUrl, LEAD_MODEL: "lead-small", DELEGATE_MAX_TOKENS: "16000", DAILY_TOKEN_BUDGET: "1000000", DATA_DIR: mkdtempSync(join(tmpdir(), "stream-")) });
const { readFileSync } = await import("node:fs");
const examples = JSON.parse(readFileSync(new URL("../node_modules/@octokit/webhooks-examples/api.github.com/index.json", import.meta.url), "utf8"));
const body = JSON.stringify(examples.find((e) => e.name === "pull_request").examples.find((p) => p.action === "opened" && p.installation));
const started = performance.now();
await fetch(`${app.url}/api/github/webhooks`, { method: "POST", headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": "bench-1", "x-hub-signature-256": `sha256=${createHmac("sha256", "s").update(body).digest("hex")}` }, body });
while (github.state.reviews.length === 0) {
  if (performance.now() - started > 300_000) throw new Error(`no review:\n${app.output()}`);
  await new Promise((r) => setTimeout(r, 50));
}
const streamMs = (TOKENS / RATE) * 1000;
const total = performance.now() - started;
console.log(`real server: webhook → review posted ${(total / 1000).toFixed(1)} s, of which the stream itself ${(streamMs / 1000).toFixed(1)} s; overhead ${((total - streamMs) / 1000).toFixed(1)} s (mostly Probot's write throttling)`);
await app.stop();
await github.close();
await model.close();
