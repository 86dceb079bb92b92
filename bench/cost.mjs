// Bench (issue: cost discipline): tokens, calls, compaction time and peak memory per PR, on real diffs
// between published npm package versions, against a per-file reviewer baseline. Run: npm run bench:cost
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PAIRS, lockFileDiff, packageDiff } from "./corpus.mjs";
import { estimateTokens } from "../lib/review/diff/estimate-tokens.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "glm-cost-"));
const prs = [...PAIRS.map(packageDiff), lockFileDiff()];
const rows = prs.map((pr, i) => {
  const file = join(work, `${i}.json`);
  const diffPath = join(work, `${i}.patch`);
  writeFileSync(diffPath, pr.text);
  writeFileSync(file, JSON.stringify({ label: pr.label, diffPath, strip: pr.strip }));
  const row = JSON.parse(execFileSync(process.execPath, ["--expose-gc", join(here, "compact-one.mjs"), file], { encoding: "utf8", maxBuffer: 1 << 26 }));
  return { ...row, diffTokens: estimateTokens(pr.text) };
}).sort((a, b) => a.diffTokens - b.diffTokens);

const n = (v) => Math.round(v).toLocaleString("en-US");
console.log(`\nGLM Review cost bench (${new Date().toISOString()}, Node ${process.version}); caps: lead 4,000 in / 600 out, delegate 6,000 in / 8,192 out\n`);
console.log("| PR | files (reviewable / listed only) | diff tokens | lead prompt | delegate prompt | files kept / left out | hunks kept | ours: calls, tokens (worst case) | per-file baseline: calls, tokens | ours / baseline | compaction | masking | RSS: PR loaded → peak |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) {
  console.log(`| ${r.label} | ${n(r.files)} (${n(r.reviewable)} / ${n(r.listedOnly)}) | ${n(r.diffTokens)} | ${n(r.leadTokens)} | ${n(r.delegateTokens)}${r.contextTrimmed ? " (context trimmed)" : ""} | ${n(r.filesKept)} / ${n(r.filesLeftOut)} | ${n(r.hunksKept)} / ${n(r.hunksTotal)} | ${r.oursCalls}, ${n(r.oursTokens)} | ${n(r.baselineCalls)}, ${n(r.baselineTokens)} | ${(r.oursTokens / r.baselineTokens).toFixed(3)} | ${r.compactMs.toFixed(0)} ms | ${r.maskMs.toFixed(0)} ms | ${r.rssBeforeMb.toFixed(0)} → ${r.peakRssMb.toFixed(0)} MB |`);
}
console.log("\nChecks:");
for (const r of rows) {
  const cap = r.delegateTokens <= 6000;
  const small = r.delegateTokens <= 1.3 * r.diffTokens + r.fixed;
  console.log(`- ${r.label}: delegate prompt ${n(r.delegateTokens)} ≤ cap 6,000: ${cap ? "yes" : "NO"}; ≤ 1.3 × diff (${n(r.diffTokens)}) + fixed (${n(r.fixed)}) = ${n(1.3 * r.diffTokens + r.fixed)}: ${small ? "yes" : "no (diff larger than the cap)"}`);
}
const largest = rows.slice(-2);
for (const r of largest) console.log(`- largest: ${r.label}: ours / baseline = ${(r.oursTokens / r.baselineTokens).toFixed(3)} (target ≤ 0.2); compaction ${r.compactMs.toFixed(0)} ms (target < 1,000), peak RSS ${r.peakRssMb.toFixed(0)} MB with the PR loaded at ${r.rssBeforeMb.toFixed(0)} MB (target < 300)`);
console.log("\nOurs counts both prompts plus both output caps in full (a worst case); the baseline sends each file's patch with the same reviewer instructions and is assumed to answer 300 tokens per call.");
