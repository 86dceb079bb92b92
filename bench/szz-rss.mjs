// Bench (issue 20, item 6): the app's memory over hundreds of real PRs in a row, in one process. The
// PRs are the SZZ bench's introducing commits (bench/.corpus, see szz-context.mjs), served by the
// loopback fake GitHub as pulls.listFiles and contents reads at each PR's own head commit (directory
// listings too), from the bare mirrors; a fake model answers the lead with a summary and the delegate
// with one finding on the first added line it was shown (so the suggestion check parses code too).
// Samples the process's RSS every 250 ms and reports the peak (VmHWM) with REVIEW_CONCURRENCY=6.
// Run: npm run bench:rss   (REPOS=…, LIMIT=n PRs, ONLY=sha prefixes, CONCURRENCY=6, APP_ENV="K=V …" for the app, NODE_ARGS="--max-semi-space-size=…")
import { createHmac, generateKeyPairSync } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { git } from "./fix-commits.mjs";
import { parseGitDiff } from "./parse-git-diff.mjs";
import { startFakeGitHub } from "../test/fakes/fake-github.mjs";
import { completion, startFakeModel, streamChunks } from "../test/fakes/fake-model.mjs";
import { startAppProcess } from "../test/fakes/start-app-process.mjs";

const REPOS = (process.env.REPOS ?? "pallets+click,spf13+cobra,expressjs+express,google+gson,sinatra+sinatra,vitejs+vite").split(",");
const LIMIT = Number(process.env.LIMIT ?? Infinity);
const CONCURRENCY = process.env.CONCURRENCY ?? "6";
const CACHE = fileURLToPath(new URL("./.corpus/", import.meta.url));

// The PRs: each introducing commit as pulls.listFiles gives it (GitHub lists at most 3,000 files).
const prs = [];
for (const repo of REPOS) {
  const file = `${CACHE}szz-${repo}.json`;
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run bench:szz once with REPOS=${repo}`);
  for (const sha of Object.keys(JSON.parse(readFileSync(file, "utf8")))) {
    if (prs.length >= LIMIT) break;
    if (process.env.ONLY && !process.env.ONLY.split(",").some((prefix) => sha.startsWith(prefix))) continue;
    let files;
    try {
      files = parseGitDiff(git(repo, ["diff", "--no-renames", `${sha}^`, sha]));
    } catch {
      continue; // a root commit
    }
    if (files.length === 0 || files.length > 3000) continue;
    prs.push({ repo, sha, files });
  }
}
const repoOf = new Map(prs.map((p) => [p.sha, p.repo]));

const contents = (path, ref) => {
  const repo = repoOf.get(ref);
  if (!repo) return undefined;
  try {
    const type = git(repo, ["cat-file", "-t", `${ref}:${path}`]).trim();
    if (type === "tree") return git(repo, ["ls-tree", `${ref}:${path}`]).split("\n").filter(Boolean).map((l) => (l.split("\t")[1] ?? "") + (l.includes(" tree ") ? "/" : ""));
    return git(repo, ["show", `${ref}:${path}`]);
  } catch {
    return undefined;
  }
};

// The delegate's answer: one finding on the first added line of the first file it was shown.
const delegateAnswer = (prompt) => {
  const file = /^### (\S+) \(/m.exec(prompt);
  const after = file ? prompt.slice(file.index) : "";
  const line = /^ *(\d+) \+(.*)$/m.exec(after);
  const findings = file && line ? [{ path: file[1], line: Number(line[1]), severity: "medium", title: "Check this line", root_cause: "A stand-in finding.", suggestion: line[2] }] : [];
  return JSON.stringify({ summary: "Looked.", findings });
};

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const github = await startFakeGitHub({ files: (n) => prs[n - 1]?.files ?? [], headShaOf: (n) => prs[n - 1]?.sha, contents });
const model = await startFakeModel({
  answer: (req) => {
    const content = req.model === "lead" ? "Summary: the change touches several files." : delegateAnswer(req.messages.at(-1).content);
    return req.stream ? { sse: { chunks: streamChunks(content, { reasoning: "Thinking." }) } } : { body: completion(content) };
  },
});
const examples = JSON.parse(readFileSync(new URL("../node_modules/@octokit/webhooks-examples/api.github.com/index.json", import.meta.url), "utf8"));
const opened = examples.find((e) => e.name === "pull_request").examples.find((p) => p.action === "opened" && p.installation);
const app = await startAppProcess(
  { APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: "s", GHE_HOST: github.host, GHE_PROTOCOL: "http", LLM_BASE_URL: model.baseUrl, LEAD_MODEL: "lead", DATA_DIR: mkdtempSync(join(tmpdir(), "rss-")), DAILY_TOKEN_BUDGET: "1000000000", REVIEW_CONCURRENCY: CONCURRENCY, ...Object.fromEntries((process.env.APP_ENV ?? "").split(" ").filter(Boolean).map((kv) => kv.split("="))) },
  undefined,
  { nodeArgs: (process.env.NODE_ARGS ?? "").split(" ").filter(Boolean) },
);

const status = () => readFileSync(`/proc/${app.pid}/status`, "utf8");
const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status())[1]);
const startRss = kb("VmRSS") / 1024;
const metric = async (name) => {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  return [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "gm"))].reduce((s, m) => s + Number(m[1]), 0);
};

const started = performance.now();
const samples = [];
const sampler = setInterval(() => samples.push({ s: (performance.now() - started) / 1000, rss: kb("VmRSS") / 1024 }), 250);
// Where the memory is: V8's heap (total, used) and memory outside it (WebAssembly heaps, buffers), every 2 s.
const parts = [];
const partSampler = setInterval(async () => {
  const mb = async (name) => (await metric(name)) / 2 ** 20;
  parts.push({ rss: kb("VmRSS") / 1024, heapTotal: await mb("glm_review_nodejs_heap_size_total_bytes"), heapUsed: await mb("glm_review_nodejs_heap_size_used_bytes"), external: await mb("glm_review_nodejs_external_memory_bytes") });
}, 2000);
for (const [i, pr] of prs.entries()) {
  const [owner, name] = pr.repo.split("+");
  const p = structuredClone(opened);
  p.number = p.pull_request.number = i + 1;
  p.pull_request.head.sha = pr.sha;
  p.repository.name = name;
  p.repository.full_name = `${owner}/${name}`;
  p.repository.owner.login = owner;
  p.installation.id = 1 + (i % 50);
  const body = JSON.stringify(p);
  const res = await fetch(`${app.url}/api/github/webhooks`, { method: "POST", headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": `rss-${i}`, "x-hub-signature-256": `sha256=${createHmac("sha256", "s").update(body).digest("hex")}` }, body });
  await res.arrayBuffer();
}
// Every job ends as done or gave_up (a review that errs still ends its job).
for (;;) {
  const ended = (await metric('glm_review_jobs_total\\{outcome="done"\\}')) + (await metric('glm_review_jobs_total\\{outcome="gave_up"\\}'));
  if (ended >= prs.length) break;
  if (process.env.VERBOSE) process.stderr.write(`${ended} of ${prs.length} ended, RSS ${samples.at(-1)?.rss.toFixed(0)} MB\n`);
  await new Promise((r) => setTimeout(r, 1000));
}
clearInterval(sampler);
clearInterval(partSampler);
const seconds = (performance.now() - started) / 1000;
const peak = kb("VmHWM") / 1024;
const reviews = await metric("glm_review_reviews_total");
const failures = await metric("glm_review_failures_total");
const posted = github.state.reviews.length;
console.log(`${prs.length} PRs from ${REPOS.length} repositories, REVIEW_CONCURRENCY=${CONCURRENCY}${process.env.NODE_ARGS ? `, node ${process.env.NODE_ARGS}` : ""}${process.env.APP_ENV ? `, ${process.env.APP_ENV}` : ""}: ${seconds.toFixed(0)} s`);
console.log(`reviews ${reviews}, failures ${failures}, reviews posted ${posted}, GitHub requests ${github.state.requests.length}`);
console.log(`RSS at start ${startRss.toFixed(0)} MB, peak ${peak.toFixed(0)} MB (VmHWM), end ${samples.at(-1)?.rss.toFixed(0)} MB`);
const top = parts.sort((a, b) => b.rss - a.rss)[0];
if (top) console.log(`at the highest RSS sampled with metrics (${top.rss.toFixed(0)} MB): V8 heap ${top.heapTotal.toFixed(0)} MB (used ${top.heapUsed.toFixed(0)}), external ${top.external.toFixed(0)} MB; highest external ${Math.max(...parts.map((p) => p.external)).toFixed(0)} MB, highest heap ${Math.max(...parts.map((p) => p.heapTotal)).toFixed(0)} MB`);
for (const q of [0.5, 0.9, 0.99]) {
  const sorted = samples.map((x) => x.rss).sort((a, b) => a - b);
  console.log(`RSS p${q * 100}: ${sorted[Math.floor(q * (sorted.length - 1))]?.toFixed(0)} MB`);
}
// SNAPSHOT=1 (with NODE_ARGS=--heapsnapshot-signal=SIGUSR2): a heap snapshot of the idle process after the run, in its cwd.
if (process.env.SNAPSHOT) {
  process.kill(app.pid, "SIGUSR2");
  await new Promise((r) => setTimeout(r, 60_000));
}
await app.signal("SIGTERM");
await github.close();
await model.close();
