// Masking everything vs masking what the prompts keep, on a synthetic PR of FILES files (default 10,000).
// Run: npm run build && node bench/mask-kept.mjs [files]
// Each way runs in a process of its own (compaction caches hunk sizes: a second way in one process would start warm).
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { buildDiffModel } from "../lib/review/diff/build-diff-model.js";
import { buildDelegateMessages } from "../lib/pipeline/delegate/build-delegate-messages.js";
import { buildLeadMessages } from "../lib/pipeline/lead/build-lead-messages.js";
import { buildMaskedPrompt } from "../lib/review/secrets/build-masked-prompt.js";
import { DiffMasker } from "../lib/review/secrets/diff-masker.js";
import { maskSecretsInDiff } from "../lib/review/secrets/mask-secrets.js";

const count = Number(process.argv[2] ?? 10_000);
const files = Array.from({ length: count }, (_, f) => ({
  filename: `src/pkg${f % 50}/mod${f}.ts`, status: "modified", additions: 0, deletions: 0, changes: 0,
  patch: [0, 1, 2].map((h) => `@@ -${h * 40 + 1},2 +${h * 40 + 1},${4 + (f % 5)} @@\n ctx\n-old${h}\n` + Array.from({ length: 3 + (f % 5) }, (_, k) => `+const v${h}_${k} = compute(${k}, "${f}");`).join("\n")).join("\n"),
}));
const pr = { number: 1, title: "Big", body: "Many files" };
const diff = buildDiffModel(files, []);

const mode = process.argv[3];
if (!mode) {
  const rows = ["before", "after"].map((m) => JSON.parse(spawnSync(process.execPath, [process.argv[1], String(count), m], { encoding: "utf8" }).stdout));
  console.table(rows);
  process.exit(0);
}
let t = performance.now();
if (mode === "before") {
  const all = (await maskSecretsInDiff(diff)).diff;
  buildLeadMessages(pr, all, 4000);
  buildDelegateMessages({ pr, diff: all, leadNotes: null, maxFindings: 10, inputTokens: 6000 });
  console.log(JSON.stringify({ way: "mask every file, then build both prompts (before)", files: count, scanned: count, ms: Math.round(performance.now() - t) }));
  process.exit(0);
}

t = performance.now();
const masker = new DiffMasker([]);
const lead = await buildMaskedPrompt(diff, masker, (d) => buildLeadMessages(pr, d, 4000));
const delegate = await buildMaskedPrompt(diff, masker, (d) => buildDelegateMessages({ pr, diff: d, leadNotes: null, maxFindings: 10, inputTokens: 6000 }));
const keptMs = performance.now() - t;

console.log(JSON.stringify({ way: "build, mask what the prompts keep, rebuild (after)", files: count, scanned: masker.filesScanned, ms: Math.round(keptMs), leadTokens: lead.estimatedTokens, delegateTokens: delegate.estimatedTokens }));
