// One PR through the app's compaction and prompt building, in a process of its own so its peak memory
// (maxRSS) is its own. Input: a JSON file { label, diffPath, strip }. Output: one JSON line.
// Run with --expose-gc so the memory before compaction is measured after a collection.
import { readFileSync } from "node:fs";
import { parseGitDiff } from "./parse-git-diff.mjs";
import { buildDiffModel } from "../lib/review/diff/build-diff-model.js";
import { buildDelegateMessages } from "../lib/pipeline/delegate/build-delegate-messages.js";
import { buildLeadMessages } from "../lib/pipeline/lead/build-lead-messages.js";
import { estimateTokens } from "../lib/review/diff/estimate-tokens.js";
import { maskSecretsInDiff } from "../lib/review/secrets/mask-secrets.js";
import { loadPrompt } from "../lib/prompts/load-prompt.js";

const LEAD_INPUT = 4000;
const LEAD_OUTPUT = 600;
const DELEGATE_INPUT = 6000;
const DELEGATE_OUTPUT = 8192;
/** Assumed answer size per call of the per-file baseline: a short review of one file. */
export const BASELINE_OUTPUT_PER_CALL = 300;

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
// The PR as the app holds it: GitHub's file list with a patch per file.
input.files = parseGitDiff(readFileSync(input.diffPath, "utf8"), input.strip);
globalThis.gc?.();
const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
const pr = { number: 1, title: input.label, body: "Upgrade." };
const leadNotes = "Upgrades the package.\n\n- Risk: behaviour changes in the main entry points.";

const t0 = performance.now();
const diff = buildDiffModel(input.files, []);
const lead = buildLeadMessages(pr, diff, LEAD_INPUT);
const delegate = buildDelegateMessages({ pr, diff, leadNotes, maxFindings: 10, inputTokens: DELEGATE_INPUT });
const compactMs = performance.now() - t0;

const t1 = performance.now();
const masked = await maskSecretsInDiff(diff);
const maskMs = performance.now() - t1;

// The fixed part: the same prompt with no diff in it.
const fixed = buildDelegateMessages({ pr, diff: { files: [], leftOut: [] }, leadNotes, maxFindings: 10, inputTokens: DELEGATE_INPUT }).estimatedTokens;
const peakRssMb = process.resourceUsage().maxRSS / 1024;

// The per-file baseline: every file with a patch in its own call, with a reviewer's instructions.
const instructions = estimateTokens(loadPrompt("delegate-system"));
const withPatch = input.files.filter((f) => f.patch);
const baselineTokens = withPatch.reduce((sum, f) => sum + instructions + estimateTokens(`File: ${f.filename}\n${f.patch}`) + BASELINE_OUTPUT_PER_CALL, 0);

const hunksTotal = diff.files.reduce((s, f) => s + f.hunks.length, 0);
const hunksKept = delegate.compacted.included.reduce((s, i) => s + i.keptHunks, 0);
console.log(JSON.stringify({
  label: input.label,
  files: input.files.length,
  reviewable: diff.files.length,
  listedOnly: diff.leftOut.length,
  filesKept: delegate.compacted.included.length,
  filesLeftOut: delegate.compacted.leftOut.length,
  hunksKept,
  hunksTotal,
  contextTrimmed: delegate.compacted.contextTrimmed,
  fixed,
  leadTokens: lead.estimatedTokens,
  delegateTokens: delegate.estimatedTokens,
  oursTokens: lead.estimatedTokens + LEAD_OUTPUT + delegate.estimatedTokens + DELEGATE_OUTPUT,
  oursCalls: 2,
  baselineTokens,
  baselineCalls: withPatch.length,
  compactMs,
  maskMs,
  masked: masked.masked,
  rssBeforeMb,
  peakRssMb,
}));
