import fc from "fast-check";
import { describe, expect, it } from "@jest/globals";
import { buildDiffModel } from "../src/review/diff/build-diff-model.js";
import type { Finding } from "../src/review/answer/delegate-answer-schema.js";
import type { DiffModel } from "../src/review/diff/diff-model.js";
import { extractJsonObject } from "../src/review/answer/extract-json-object.js";
import { parseDelegateAnswer } from "../src/pipeline/delegate/parse-delegate-answer.js";
import { parseFilePatch } from "../src/review/diff/parse-file-patch.js";
import { placeFindings } from "../src/pipeline/placement/place-findings.js";
import { renderInlineComment } from "../src/pipeline/publish/render-inline-comment.js";
import { MAX_COMMENT_CHARS, SUMMARY_MARKER, renderSummaryComment } from "../src/pipeline/publish/render-summary-comment.js";
import { sanitizeModelText } from "../src/review/text/sanitize-model-text.js";

/** Runs per property; the note in the issue reports these figures. */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);

// --- generators -----------------------------------------------------------------------------

const codeLine = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom("", "}", "  return x;", "\\ No newline at end of file", "@@ -1 +1 @@", "\r", "\u0000\uFFFD", "```", "<!-- glm-review:summary -->"),
);

/** A well-formed hunk: header counts agree with its lines. */
const hunk = fc
  .record({ oldStart: fc.integer({ min: 1, max: 500 }), newStart: fc.integer({ min: 1, max: 500 }), lines: fc.array(fc.tuple(fc.constantFrom(" ", "+", "-"), codeLine.map((l) => l.replace(/[\r\n]/g, ""))), { minLength: 1, maxLength: 12 }) })
  .map(({ oldStart, newStart, lines }) => {
    const oldCount = lines.filter(([m]) => m !== "+").length;
    const newCount = lines.filter(([m]) => m !== "-").length;
    return `@@ -${oldStart},${oldCount} +${newStart},${newCount} @@\n${lines.map(([m, l]) => m + l).join("\n")}`;
  });

/** Hunks in increasing order, as a real patch has them. */
const wellFormedPatch = fc.array(hunk, { minLength: 1, maxLength: 4 }).map((hs) => {
  let offset = 0;
  return hs
    .map((h) => {
      const shifted = h.replace(/^@@ -(\d+),(\d+) \+(\d+),(\d+) @@/, (_m, o, oc, n, nc) => `@@ -${Number(o) + offset},${oc} +${Number(n) + offset},${nc} @@`);
      offset += 1000;
      return shifted;
    })
    .join("\n");
});

const anyPatch = fc.oneof(wellFormedPatch, fc.string({ maxLength: 300 }), wellFormedPatch.map((p) => p.slice(0, Math.floor(p.length / 2))));

const prFile = fc.record({
  filename: fc.oneof(fc.constantFrom("src/a.ts", "src/b.ts", "package-lock.json", "dist/x.min.js", "docs/readme.md"), fc.string({ minLength: 1, maxLength: 20 })),
  status: fc.constantFrom("added", "modified", "removed", "renamed", "copied", "changed"),
  additions: fc.nat(50),
  deletions: fc.nat(50),
  changes: fc.nat(100),
  patch: fc.option(anyPatch, { nil: undefined }),
});

const finding = (paths: string[]) =>
  fc.record({
    path: fc.oneof(fc.constantFrom(...paths, "elsewhere.ts"), fc.string({ maxLength: 10 })),
    startLine: fc.option(fc.integer({ min: -5, max: 3000 }), { nil: undefined }),
    line: fc.integer({ min: -5, max: 3000 }),
    severity: fc.constantFrom("high", "medium", "low", "nit"),
    title: fc.string({ maxLength: 80 }),
    rootCause: fc.string({ maxLength: 200 }),
    suggestion: fc.option(fc.string({ maxLength: 120 }), { nil: undefined }),
  }) as fc.Arbitrary<Finding>;

const hostileText = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.array(fc.constantFrom("@octocat", "@org/team", "<!-- glm-review:summary -->", "<details>", "<img src=x onerror=1>", "[click](https://evil.example/x)", "![px](https://evil.example/p.png)", "https://evil.example/a", "`code @x`", "```", "\u202e", "\u0000", " ", "\n"), { maxLength: 30 }).map((a) => a.join("")),
);

// --- properties ---------------------------------------------------------------------------

describe(`property-based (${RUNS} runs each)`, () => {
  it("parseFilePatch never throws; every right line is a positive integer inside its hunk's range", () => {
    fc.assert(
      fc.property(anyPatch, (patch) => {
        const hunks = parseFilePatch(patch);
        if (hunks === null) return;
        for (const h of hunks) {
          for (const [i, line] of h.rightLines.entries()) {
            expect(Number.isInteger(line) && line >= 0).toBe(true);
            expect(line).toBe(h.newStart + i);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("buildDiffModel never throws and accounts for every file exactly once", () => {
    fc.assert(
      fc.property(fc.array(prFile, { maxLength: 8 }), fc.array(fc.constantFrom("docs/**", "*.md", "[", "**/*"), { maxLength: 2 }), (files, ignore) => {
        const model = buildDiffModel(files, ignore);
        expect(model.files.length + model.leftOut.length).toBe(files.length);
      }),
      { numRuns: RUNS },
    );
  });

  it("JSON extraction and validation return a value or a reason for any text, never throw", () => {
    const answers = fc.oneof(
      fc.string({ maxLength: 500 }),
      fc.json({ maxDepth: 6 }),
      fc.json().map((j) => "Sure:\n```json\n" + j + "\n```"),
      fc.record({ summary: fc.string(), findings: fc.array(fc.anything(), { maxLength: 5 }) }).map((o) => `prose ${JSON.stringify(o)} prose`),
      fc.string().map((s) => '{"summary": "x", "findings": [{"path": "' + s),
    );
    fc.assert(
      fc.property(answers, (text) => {
        extractJsonObject(text);
        const parsed = parseDelegateAnswer(text);
        if (parsed.ok) for (const f of parsed.findings) expect(Number.isInteger(f.line) && f.line >= 1).toBe(true);
        else expect(parsed.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

  it("every inline comment placeFindings produces targets a commentable RIGHT line, and a range stays in one hunk", () => {
    // The findings are an arbitrary of the property (not sampled inside it), so a failure shrinks and replays.
    const patchesAndFindings = fc.array(wellFormedPatch, { minLength: 1, maxLength: 3 }).chain((patches) =>
      fc.tuple(fc.constant(patches), fc.array(finding(patches.map((_, i) => `src/f${i}.ts`)), { maxLength: 10 })),
    );
    fc.assert(
      fc.property(patchesAndFindings, fc.integer({ min: 1, max: 50 }), ([patches, findings], maxFindings) => {
        const files = patches.map((patch, i) => ({ filename: `src/f${i}.ts`, status: "modified", additions: 1, deletions: 1, changes: 2, patch }));
        const diff: DiffModel = buildDiffModel(files, []);
        const paths = files.map((f) => f.filename);
        const placement = placeFindings(findings, diff, new Set(paths), maxFindings);
        expect(placement.inline.length + placement.unplaced.length).toBeLessThanOrEqual(maxFindings);
        for (const { finding: f, startLine, line } of placement.inline) {
          const hunk = diff.files.find((d) => d.path === f.path)!.hunks.find((h) => h.rightLines.includes(line));
          expect(hunk).toBeDefined();
          if (startLine !== undefined) {
            expect(startLine).toBeLessThan(line);
            expect(hunk!.rightLines).toContain(startLine);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("the summary never throws, starts with the one marker, fits GitHub's limit, and model text cannot forge the marker or ping", () => {
    fc.assert(
      fc.property(hostileText, hostileText, fc.array(finding(["src/a.ts"]), { maxLength: 60 }), (leadText, summary, findings) => {
        const diff = buildDiffModel([{ filename: "src/a.ts", status: "modified", additions: 1, deletions: 0, changes: 1, patch: "@@ -1,1 +1,2 @@\n a\n+b" }], []);
        const placement = placeFindings(findings, diff, new Set(["src/a.ts"]), 50);
        const body = renderSummaryComment({
          headSha: "0123456789abcdef",
          delegateLabel: "GLM-5.2",
          scopeNote: undefined,
          repeatedFindings: 0,
          lead: { kind: "ok", text: leadText, model: "lead" },
          delegate: { kind: "ok", summary, findings, invalidFindings: 0, usage: { prompt: 1, completion: 1, reasoning: undefined, total: 2, estimated: false } },
          placement,
          review: { kind: "posted", inline: placement.inline.length },
          diff,
          promptLeftOut: [],
          promptPartial: [],
          contextTrimmed: false,
          configProblems: [],
          maskedSecrets: 0,
          budget: { spentToday: 2, dailyBudget: 100 },
          prices: { delegate: { input: 1.4, output: 4.4, cachedInput: 0.26 }, lead: null },
        });
        expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
        expect(body.startsWith(SUMMARY_MARKER)).toBe(true);
        expect(body.indexOf(SUMMARY_MARKER, 1)).toBe(-1);
        // Neutralised everywhere, code spans included (HTML and autolinks outrank code spans in Markdown).
        expect(body).not.toMatch(/@[A-Za-z0-9]/);
        expect(body.slice(SUMMARY_MARKER.length)).not.toMatch(/<(details|img|a |!--)/i);
        expect(body).not.toMatch(/https?:\/\/evil|www\.evil|\]\(https?:/);
      }),
      { numRuns: RUNS },
    );
  });

  it("a suggestion block always closes with its own fence and carries the suggestion unchanged", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 80 }), (suggestion, title) => {
        const body = renderInlineComment({ path: "a.ts", startLine: undefined, line: 1, severity: "low", title, rootCause: "", suggestion }, "GLM-5.2");
        const open = /^(`{3,})suggestion$/m.exec(body);
        expect(open).not.toBeNull();
        const fence = open![1]!;
        const start = open!.index + open![0].length + 1;
        const end = body.indexOf(`\n${fence}\n`, start - 1);
        expect(end).toBeGreaterThanOrEqual(start - 1);
        const code = body.slice(start, Math.max(start, end));
        const expected = suggestion.replace(/\r\n/g, "\n").replace(/\n$/, "");
        expect(code).toBe(expected);
        // No line inside the block could close it early.
        for (const line of code.split("\n")) expect(line.startsWith(fence)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it("sanitizeModelText never throws and respects its cap", () => {
    fc.assert(
      fc.property(hostileText, fc.integer({ min: 1, max: 500 }), (text, cap) => {
        expect(sanitizeModelText(text, cap).length).toBeLessThanOrEqual(cap);
      }),
      { numRuns: RUNS },
    );
  });
});
