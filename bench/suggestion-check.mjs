// Bench (issue 11): real fixes as suggestions. For bug-fix commits of public repositories, each small
// hunk of a code file becomes a suggestion on the parent commit (its new lines replace its old lines);
// the check must offer these one-click (any refusal is a false alarm). The same suggestions with planted
// faults (an unbalanced bracket (a closing bracket token of the code, never one in a string or comment), a lost line, a wrong indent, a no-op) must be caught. Also: the check's
// time per suggestion, and the narrow coder's prompt tokens per finding (stand-in coder: the real fix).
// Repositories from the search tool's `fetch`; nothing of theirs is stored. Run: npm run bench:suggestions
import { fixCommits, git } from "./fix-commits.mjs";
import { checkSuggestion } from "../lib/pipeline/suggestions/check-suggestion.js";
import { grammarFor, parseSource } from "../lib/review/syntax/syntax-parser.js";
import { buildCoderMessages } from "../lib/pipeline/suggestions/build-coder-messages.js";
import { estimateTokens } from "../lib/review/diff/estimate-tokens.js";

const REPOS = (process.env.REPOS ?? "pallets+click,spf13+cobra,expressjs+express,google+gson,sinatra+sinatra").split(",");
const FIXES = Number(process.env.FIXES ?? 200);
const CODE = /\.(py|go|js|mjs|ts|java|rb|rs|c|cc|cpp|cs|php)$/;

const cases = [];
for (const repo of REPOS) {
  for (const { fix, files } of fixCommits(repo, FIXES)) {
    for (const f of files) {
      if (f.status !== "modified" || !CODE.test(f.filename) || !f.patch) continue;
      let parent;
      try {
        parent = git(repo, ["show", `${fix}^:${f.filename}`]);
      } catch {
        continue;
      }
      // Only files the fix changes in one hunk: a hunk of a multi-hunk fix is not a fix on its own
      // (a brace opened in one hunk is closed in another).
      const hunks = f.patch.split(/^(?=@@ )/m).filter((h) => h.startsWith("@@"));
      if (hunks.length !== 1) continue;
      for (const hunk of hunks) {
        const m = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(hunk);
        if (!m) continue;
        const start = Number(m[1]);
        const count = m[2] === undefined ? 1 : Number(m[2]);
        if (count === 0 || count > 10) continue;
        const added = hunk.split("\n").slice(1).filter((l) => l.startsWith("+")).map((l) => l.slice(1));
        if (added.length > 15 || hunk.includes("\\ No newline")) continue;
        cases.push({ repo, fix, path: f.filename, startLine: start, line: start + count - 1, text: added.join("\n"), parent });
      }
    }
  }
}

/**
 * The last closing bracket of the fix that is code (a `}` or `)` token of the parser, not a character
 * in a string or comment, where removing it changes nothing a compiler reads), removed.
 */
async function dropLastCodeCloser(c) {
  const parentLines = c.parent.split(/\r?\n/);
  const lines = c.text.split("\n");
  const patched = [...parentLines.slice(0, c.startLine - 1), ...lines, ...parentLines.slice(c.line)].join("\n");
  const tree = await parseSource(c.path, patched);
  if (!tree) return null;
  try {
    const [from, to] = [c.startLine - 1, c.startLine - 2 + lines.length];
    const closers = tree.rootNode.descendantsOfType(["}", ")"]).filter((t) => t && !t.isMissing && t.startPosition.row >= from && t.startPosition.row <= to);
    const last = closers.at(-1);
    if (!last) return null;
    const row = last.startPosition.row - from;
    lines[row] = lines[row].slice(0, last.startPosition.column) + lines[row].slice(last.startPosition.column + 1);
    return lines.join("\n");
  } finally {
    tree.delete();
  }
}

const plant = {
  "unbalanced bracket": dropLastCodeCloser,
  "lost line": (c) => {
    const lines = c.text.split("\n");
    const at = lines.findIndex((l, k) => k > 0 && /[{}()\[\]:]\s*$/.test(l));
    return lines.length > 1 && at > 0 ? [...lines.slice(0, at), ...lines.slice(at + 1)].join("\n") : null;
  },
  "wrong indent": (c) => {
    const lines = c.text.split("\n");
    const k = lines.findIndex((l) => l.trim() !== "");
    return k < 0 ? null : lines.map((l, i) => (i === k ? `   ${l}` : l)).join("\n");
  },
  // The replaced lines as they are (a range ending in a blank line cannot be restated: the trailing
  // newline is the block's own end, so that text would delete the blank line, a real change).
  "no-op": (c) => {
    const lines = c.parent.split(/\r?\n/).slice(c.startLine - 1, c.line);
    return lines.at(-1) === "" ? null : lines.join("\n");
  },
};

const byLang = new Map();
let offered = 0;
let checkedMs = 0;
const falseAlarms = [];
for (const c of cases) {
  const t0 = performance.now();
  const result = await checkSuggestion({ path: c.path, startLine: c.startLine, line: c.line, text: c.text, head: { kind: "read", text: c.parent } });
  checkedMs += performance.now() - t0;
  const lang = grammarFor(c.path) ?? "none";
  const row = byLang.get(lang) ?? { n: 0, offered: 0 };
  row.n++;
  // A real fix that is a no-op on these lines (whitespace-only hunks) is not a false alarm of the parser.
  if (result.kind === "offer") {
    offered++;
    row.offered++;
  } else falseAlarms.push({ repo: c.repo, fix: c.fix.slice(0, 12), path: c.path, line: c.startLine, reason: result.reason });
  byLang.set(lang, row);
}
console.log(`${cases.length} real fixes as suggestions from ${REPOS.length} repositories`);
console.log("\n| language | suggestions | offered one-click |\n| --- | --- | --- |");
for (const [lang, row] of byLang) console.log(`| ${lang} | ${row.n} | ${((100 * row.offered) / row.n).toFixed(1)}% |`);
console.log(`| all | ${cases.length} | ${((100 * offered) / cases.length).toFixed(1)}% |`);
console.log(`\ncheck time: ${(checkedMs / cases.length).toFixed(2)} ms per suggestion (parse of the original and the patched file)`);

console.log("\n| planted fault | planted | caught |\n| --- | --- | --- |");
let plantedAll = 0;
let caughtAll = 0;
for (const [name, make] of Object.entries(plant)) {
  let planted = 0;
  let caught = 0;
  for (const c of cases) {
    const text = await make(c);
    if (text === null || text === c.text) continue;
    planted++;
    const result = await checkSuggestion({ path: c.path, startLine: c.startLine, line: c.line, text, head: { kind: "read", text: c.parent } });
    if (result.kind === "reject") caught++;
  }
  plantedAll += planted;
  caughtAll += caught;
  console.log(`| ${name} | ${planted} | ${((100 * caught) / Math.max(1, planted)).toFixed(1)}% |`);
}
console.log(`| all | ${plantedAll} | ${((100 * caughtAll) / Math.max(1, plantedAll)).toFixed(1)}% |`);

// The stand-in coder answers the real fix: prompt tokens from the real builder, answer from the fix.
let coderTokens = 0;
for (const c of cases.slice(0, 300)) {
  const lines = c.parent.split(/\r?\n/);
  const around = lines.slice(Math.max(0, c.startLine - 16), c.line + 15);
  const messages = buildCoderMessages({ finding: { path: c.path, startLine: c.startLine, line: c.line, severity: "high", title: "Defect", rootCause: "Root cause text of about this length, as the delegate writes it.", suggestion: undefined }, range: lines.slice(c.startLine - 1, c.line), startLine: c.startLine, around, aroundStart: Math.max(1, c.startLine - 15), rejected: null, maxChars: 8000 });
  coderTokens += messages.reduce((s, m) => s + estimateTokens(m.content), 0) + estimateTokens("```\n" + c.text + "\n```");
}
console.log(`\nstand-in coder: ${Math.round(coderTokens / Math.min(300, cases.length))} tokens per finding (prompt + answer)`);
console.log("\nfalse alarms (first 15):");
const kinds = new Map();
for (const f of falseAlarms) { const k = f.reason.replace(/\d+/g, "N").replace(/`[^`]*`/g, "`X`"); kinds.set(k, (kinds.get(k) ?? 0) + 1); }
for (const [k, n] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`- ${n}: ${k}`);
if (process.env.SHOW) for (const f of falseAlarms.filter((f) => f.reason.includes(process.env.SHOW)).slice(0, 10)) console.log(`  ${f.repo} ${f.fix} ${f.path}:${f.line}: ${f.reason}`);
