// Bench (issue 10): what the delegate's prompt holds of real defects. SZZ on real history: for fix
// commits, `git blame` the lines they change in the parent to find the commits that introduced them;
// each introducing commit is a PR (patches shaped as pulls.listFiles returns them), and the delegate
// prompt is built as the app builds it (masking, compaction, the code around each hunk). Reports
// defect-line recall, enclosing-scope recall, lead and delegate tokens and GitHub requests per review,
// by PR size, at caps 6,000 and 12,000, with no lead and with the app's lead stage driven by a
// deterministic stand-in model.
// Switches: CAPS, LEADS, SIZES, CEILING (below); ABOVE=n (only PRs over n patch tokens); MISSES=1 (each missed
// defect line and why); PERPR=1 (each PR over 24k); LISTING=0 (guessed imports read one by one); HUNKS=0 (the
// stand-in lead names files only); ORACLE=1 | files | blind | blind-files (the lead names the pieces that hold a later
// fix's lines, or their files only; "blind" even pieces its own prompt did not show: upper bounds, not a model).
// Repositories come from the search tool's `fetch` (bare mirrors, see fix-commits.mjs); only commit ids,
// paths and line numbers are kept (bench/.corpus/szz-*.json, git-ignored). Run: npm run bench:szz
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseGitDiff } from "./parse-git-diff.mjs";
import { fixCommits, git } from "./fix-commits.mjs";
import { buildDiffModel } from "../lib/review/diff/build-diff-model.js";
import { runLead } from "../lib/pipeline/lead/run-lead.js";
import { DiffMasker } from "../lib/review/secrets/diff-masker.js";
import { buildDelegatePrompt } from "../lib/pipeline/delegate/build-delegate-prompt.js";
import { delegateInputBudget } from "../lib/pipeline/delegate/delegate-input-budget.js";
import { renderHunk } from "../lib/review/diff/render-hunk.js";
import { splitLargeHunk } from "../lib/review/diff/split-large-hunk.js";
import { estimateTokens } from "../lib/review/diff/estimate-tokens.js";
import { parseSource } from "../lib/review/syntax/syntax-parser.js";
import { scopesAt } from "../lib/review/syntax/find-scopes.js";

const REPOS = (process.env.REPOS ?? "pallets+click,spf13+cobra,expressjs+express,google+gson,sinatra+sinatra").split(",");
const FIXES_PER_REPO = Number(process.env.FIXES ?? 120);
const CODE = /\.(py|go|js|mjs|ts|java|rb|rs|c|h|cc|cpp|cs|php)$/;
const NOT_CODE = /(^|\/)(tests?|spec|__tests__|docs?|examples?)\//i;
const CACHE = fileURLToPath(new URL("./.corpus/", import.meta.url));
// CAPS: fixed caps and/or "scaled" (the app's own budget rule: floor 6,000, ceiling CEILING); LEADS: none, stand-in;
// SIZES=issue groups PRs by patch tokens as the issue's table does (< 6k, 6k-24k, > 24k) instead of by cap.
const CAPS = (process.env.CAPS ?? "6000,12000").split(",").map((c) => (c === "scaled" ? c : Number(c)));
const LEADS = (process.env.LEADS ?? "none,stand-in").split(",");
const CEILING = Number(process.env.CEILING ?? 16000);
const ISSUE_SIZES = process.env.SIZES === "issue";
const sizeOf = (prTokens, cap) => (ISSUE_SIZES ? (prTokens < 6000 ? "< 6k" : prTokens <= 24000 ? "6k-24k" : "> 24k") : prTokens < cap ? "< cap" : prTokens <= 4 * cap ? "1-4x cap" : "> 4x cap");


/** Fix commits → { introducing commit: [{ path, line }] } (line numbers in the introducing commit's file). */
function szz(repo) {
  const file = `${CACHE}szz-${repo}.json`;
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  const defects = {};
  for (const { fix, files } of fixCommits(repo, FIXES_PER_REPO)) {
    for (const f of files) {
      if (f.status !== "modified" || !CODE.test(f.filename) || NOT_CODE.test(f.filename) || !f.patch) continue;
      for (const m of f.patch.matchAll(/^@@ -(\d+)(?:,(\d+))? /gm)) {
        const start = Number(m[1]);
        const count = m[2] === undefined ? 1 : Number(m[2]);
        if (count === 0 || count > 20) continue;
        let blame;
        try {
          blame = git(repo, ["blame", "--porcelain", "-L", `${start},${start + count - 1}`, `${fix}^`, "--", f.filename]);
        } catch {
          continue;
        }
        let current = null;
        for (const line of blame.split("\n")) {
          const h = /^([0-9a-f]{40}) (\d+) (\d+)/.exec(line);
          if (h) current = { sha: h[1], line: Number(h[2]) };
          const name = /^filename (.+)$/.exec(line);
          if (name && current) {
            (defects[current.sha] ??= []).push({ path: name[1], line: current.line });
            current = null;
          }
        }
      }
    }
  }
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(file, JSON.stringify(defects));
  return defects;
}

/**
 * The app's own lead stage (runLead: chunking, triage, fallbacks) with a deterministic stand-in for the
 * model: each call names the files of its prompt whose hunks change the most branch lines. Tokens are
 * the prompts' estimates plus the answers'.
 */
async function runStandInLead(pr, diff, masker, delegateCap, defects = []) {
  const branches = (f) => f.hunks.reduce((n, h) => n + h.lines.filter((l) => /^[+-].*\b(if|else|switch|case|for|while|catch|except|elif|unless|rescue)\b/.test(l)).length, 0);
  let calls = 0;
  let firstCallMs;
  const started = performance.now();
  const lead = {
    complete: async (messages) => {
      calls++;
      firstCallMs ??= performance.now() - started;
      const user = messages.at(-1).content;
      const named = diff.files.filter((f) => user.includes(`### ${f.path} (`)).sort((a, b) => branches(b) - branches(a)).slice(0, 8);
      // HUNKS=0: files only (the stand-in before the lead's named hunks were honoured); else each file's
      // piece with the most changed branch lines among those its prompt showed, by its @@ header.
      // ORACLE=1: the lead names the pieces that hold a later fix's lines (an upper bound for named hunks);
      // ORACLE=files: the same files without their hunks.
      if (process.env.ORACLE) {
        const hits = diff.files.filter((f) => process.env.ORACLE?.startsWith("blind") || user.includes(`### ${f.path} (`)).flatMap((f) => f.hunks.flatMap(splitLargeHunk).filter((h) => (process.env.ORACLE?.startsWith("blind") || user.includes(h.header)) && defects.some((d) => d.path === f.path && h.rightLines.includes(d.line))).map((h) => `- ${f.path}: wrong${process.env.ORACLE?.endsWith("files") ? "" : ` in ${h.header}`}`));
        const content = hits.slice(0, 8).join("\n") || "Nothing stands out.";
        const prompt = messages.reduce((n, m) => n + estimateTokens(m.content), 0);
        return { kind: "answered", content, reasoning: "", finishReason: "stop", usage: { prompt, completion: estimateTokens(content), reasoning: undefined, total: prompt + estimateTokens(content), estimated: true } };
      }
      const hunkOf = (f) => {
        if (process.env.HUNKS === "0") return "";
        const shown = f.hunks.flatMap(splitLargeHunk).filter((h) => user.includes(h.header));
        const count = (h) => h.lines.filter((l) => /^[+-].*\b(if|else|switch|case|for|while|catch|except|elif|unless|rescue)\b/.test(l)).length;
        const best = shown.sort((a, b) => count(b) - count(a))[0];
        return best ? ` in ${best.header}` : "";
      };
      const content = named.map((f) => `- ${f.path}: branches changed${hunkOf(f)}`).join("\n") || "Nothing stands out.";
      const prompt = messages.reduce((n, m) => n + estimateTokens(m.content), 0);
      const completion = estimateTokens(content);
      return { kind: "answered", content, reasoning: "", finishReason: "stop", usage: { prompt, completion, reasoning: undefined, total: prompt + completion, estimated: true } };
    },
  };
  const noop = { inc: () => {} };
  const services = {
    settings: { lead: { model: "stand-in", inputTokens: 4000, maxTokens: 600, maxCalls: 4, prices: null }, delegate: { inputTokens: delegateCap } },
    lead,
    metrics: { tokens: noop, costUsd: noop, modelNotServed: noop },
  };
  const log = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
  const result = await runLead({ services, log, repoConfig: { config: { instructions: "", path_instructions: [] }, problems: [] } }, { prText: pr, diff, masker });
  // The delegate gets the lead's notes as runDelegatePass joins them.
  const notes = result.kind === "ok" ? [...(result.triage ?? []), result.text].join("\n\n") : null;
  return { tokens: result.usage?.total ?? 0, calls, notes, firstCallMs: firstCallMs ?? 0 };
}

const rows = [];
for (const repo of REPOS) {
  const defects = szz(repo);
  for (const [sha, lines] of Object.entries(defects)) {
    let diffText;
    try {
      diffText = git(repo, ["diff", "--no-renames", `${sha}^`, sha]);
    } catch {
      continue; // root commit
    }
    const files = parseGitDiff(diffText);
    if (files.length === 0 || files.length > 3000) continue;
    const modelStarted = performance.now();
    const diff = buildDiffModel(files, []);
    const diffModelMs = performance.now() - modelStarted;
    const prTokens = diff.files.reduce((s, f) => s + f.hunks.reduce((t, h) => t + estimateTokens(renderHunk(h)), 0), 0);
    // ABOVE=n: only PRs of more than n patch tokens (choices under a cap change nothing below it).
    if (prTokens <= Number(process.env.ABOVE ?? -1)) continue;
    const pr = { number: 1, title: "PR", body: "" };
    const heads = new Map();
    const readHead = (path) => {
      if (!heads.has(path)) {
        let text;
        try {
          text = git(repo, ["show", `${sha}:${path}`]);
        } catch {
          text = null;
        }
        heads.set(path, text);
      }
      const text = heads.get(path);
      return Promise.resolve(text === null ? { kind: "unreadable", reason: "not found" } : { kind: "read", text });
    };
    // Enclosing scope of each defect line in the introducing commit's file.
    const defectScopes = [];
    for (const d of lines) {
      const head = await readHead(d.path);
      if (head.kind !== "read") continue;
      const tree = await parseSource(d.path, head.text).catch(() => null);
      const scope = tree ? scopesAt(tree, d.line).at(-1) : undefined;
      tree?.delete();
      defectScopes.push({ ...d, signature: scope?.signatureLine });
    }
    for (const capSetting of CAPS) {
      const cap = capSetting === "scaled" ? delegateInputBudget(diff, 6000, CEILING).tokens : capSetting;
      for (const lead of LEADS) {
        const masker = new DiffMasker([]);
        const leadRun = lead === "none" ? { tokens: 0, calls: 0, notes: null, firstCallMs: 0 } : await runStandInLead(pr, diff, masker, cap, lines);
        // From the listed files to the first model call: the diff model, then the lead's first prompt.
        const firstCallMs = diffModelMs + leadRun.firstCallMs;
        const leadNotes = leadRun.notes;
        let reads = 0;
        let misses = 0;
        const listings = new Map();
        // LISTING=0: guessed import paths are read one by one (the app before directory listings).
        const exists = process.env.LISTING === "0" ? undefined : (p) => {
          const dir = p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "";
          if (!listings.has(dir)) {
            reads++;
            let names;
            try {
              names = new Set(git(repo, ["ls-tree", "--name-only", sha, dir ? `${dir}/` : "."]).split("\n").filter(Boolean).map((n) => n.slice(n.lastIndexOf("/") + 1)));
            } catch {
              names = new Set();
            }
            listings.set(dir, names);
          }
          return Promise.resolve(listings.get(dir).has(p.slice(p.lastIndexOf("/") + 1)));
        };
        const headFiles = { read: (p) => (reads++, readHead(p).then((f) => (f.kind !== "read" && misses++, f))), exists };
        const prompt = await buildDelegatePrompt({ pr, diff, leadNotes, maxFindings: 10 }, masker, headFiles, cap);
        const shownDiff = new Map(prompt.compacted.included.map((i) => [i.file.path, new Set(i.hunks.flatMap((h) => h.rightLines))]));
        const shownContext = prompt.context?.shown ?? new Map();
        const seen = (path, line) => shownDiff.get(path)?.has(line) || shownContext.get(path)?.has(line);
        let lineHits = 0;
        let scopeHits = 0;
        let scopeTotal = 0;
        // The issue's scope recall: the first line of each defect's enclosing function is in the prompt, over all defects that have one.
        let scopeAllHits = 0;
        let scopeAllTotal = 0;
        for (const d of defectScopes) {
          if (d.signature !== undefined) {
            scopeAllTotal++;
            if (seen(d.path, d.signature)) scopeAllHits++;
          }
          if (process.env.MISSES && capSetting === CAPS[0] && lead === "none" && prTokens >= cap && !shownDiff.get(d.path)?.has(d.line)) {
            const file = diff.files.find((f) => f.path === d.path);
            const hunk = file?.hunks.find((h) => h.rightLines.includes(d.line));
            const changed = hunk ? hunk.lines.filter((l) => l[0] === "+" || l[0] === "-").length : -1;
            const why = !file ? "file not reviewable" : !shownDiff.has(d.path) ? "file left out" : !hunk ? "line not in a hunk" : "hunk dropped";
            process.stderr.write(`MISS ${why} ${sha.slice(0, 12)} ${d.path} hunk-changed=${changed} file-changed=${file ? file.additions + file.deletions : -1} files=${diff.files.length}\n`);
          }
          if (shownDiff.get(d.path)?.has(d.line)) lineHits++;
          if (d.signature !== undefined && shownDiff.get(d.path)?.has(d.line)) {
            scopeTotal++;
            if (seen(d.path, d.signature)) scopeHits++;
          }
        }
        const size = sizeOf(prTokens, cap);
        if (prompt.estimatedTokens > cap) process.stderr.write(`over cap: ${repo} ${sha.slice(0, 12)} cap ${cap}: ${prompt.estimatedTokens}\n`);
        rows.push({ repo, sha, cap: capSetting, lead, size, defects: defectScopes.length, lineHits, scopeHits, scopeTotal, scopeAllHits, scopeAllTotal, leadTokens: leadRun.tokens, leadCalls: leadRun.calls, delegateTokens: prompt.estimatedTokens, overCap: prompt.estimatedTokens > cap, githubRequests: 2 + Math.ceil(files.length / 100) + reads, notFound: misses, contextBound: reads <= 10 + prompt.compacted.included.length, prTokens, firstCallMs });
      }
    }
  }
  process.stderr.write(`${repo}: ${Object.keys(defects).length} introducing commits\n`);
}

const pct = (a, b) => (b === 0 ? "n/a" : `${((100 * a) / b).toFixed(0)}%`);
console.log(`${new Set(rows.map((r) => r.repo)).size} repositories, ${new Set(rows.map((r) => r.sha)).size} PRs, ${rows.filter((r) => r.cap === CAPS[0] && r.lead === LEADS[0]).reduce((s, r) => s + r.defects, 0)} defect lines\n`);
console.log("| cap | lead | PR size | PRs | defect lines in prompt | enclosing scope shown (of defects in prompt) | enclosing scope's first line in prompt (of all defects) | lead tokens / review | delegate tokens / review | GitHub requests / review | of them 404 reads | over cap |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const cap of CAPS) {
  for (const lead of LEADS) {
    for (const size of ISSUE_SIZES ? ["< 6k", "6k-24k", "> 24k"] : ["< cap", "1-4x cap", "> 4x cap"]) {
      const group = rows.filter((r) => r.cap === cap && r.lead === lead && r.size === size);
      if (group.length === 0) continue;
      const sum = (k) => group.reduce((s, r) => s + r[k], 0);
      const avg = (k) => Math.round(sum(k) / group.length);
      console.log(`| ${cap} | ${lead} | ${size} | ${group.length} | ${pct(sum("lineHits"), sum("defects"))} | ${pct(sum("scopeHits"), sum("scopeTotal"))} | ${pct(sum("scopeAllHits"), sum("scopeAllTotal"))} | ${avg("leadTokens")} | ${avg("delegateTokens")} | ${avg("githubRequests")} | ${(sum("notFound") / group.length).toFixed(1)} | ${group.filter((r) => r.overCap).length} |`);
    }
  }
}
// PERPR=1: each PR above 24k patch tokens, with what of it the prompt held.
if (process.env.PERPR) for (const r of rows.filter((x) => x.prTokens > 24000)) console.log(`${r.cap} ${r.lead} ${r.repo} ${r.sha.slice(0, 12)} patch ${r.prTokens} tokens, prompt ${r.delegateTokens}: ${r.lineHits} of ${r.defects} defect lines`);
const largest = rows.filter((r) => r.lead === LEADS.at(-1) && r.cap === CAPS[0]).sort((a, b) => b.prTokens - a.prTokens)[0];
if (largest) console.log(`\nlargest PR: ${largest.repo} ${largest.sha.slice(0, 12)} (${largest.prTokens} tokens of diff): ${largest.firstCallMs.toFixed(0)} ms before the first model call; context reads within bound in ${rows.filter((r) => r.contextBound).length} of ${rows.length} runs`);
