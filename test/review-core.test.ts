import { describe, expect, it } from "@jest/globals";
import { buildDelegateMessages } from "../src/pipeline/delegate/build-delegate-messages.js";
import { buildDiffModel } from "../src/review/diff/build-diff-model.js";
import { buildLeadMessages } from "../src/pipeline/lead/build-lead-messages.js";
import { compactDiff } from "../src/review/diff/compact-diff.js";
import { splitLargeHunk } from "../src/review/diff/split-large-hunk.js";
import type { Finding } from "../src/review/answer/delegate-answer-schema.js";
import { fingerprintFinding } from "../src/pipeline/placement/fingerprint-finding.js";
import { extractJsonObject } from "../src/review/answer/extract-json-object.js";
import { interpretDelegateAnswer } from "../src/pipeline/delegate/interpret-delegate-answer.js";
import { modelLabel } from "../src/review/text/model-label.js";
import { parseFilePatch } from "../src/review/diff/parse-file-patch.js";
import { parseDelegateAnswer } from "../src/pipeline/delegate/parse-delegate-answer.js";
import { placeFindings } from "../src/pipeline/placement/place-findings.js";
import { renderInlineComment, suggestionFence } from "../src/pipeline/publish/render-inline-comment.js";
import { sanitizeModelText } from "../src/review/text/sanitize-model-text.js";
import { MATH_PATCH } from "./helpers/github-mock.js";
import { delegateInputBudget } from "../src/pipeline/delegate/delegate-input-budget.js";
import { buildDelegatePrompt } from "../src/pipeline/delegate/build-delegate-prompt.js";
import { DiffMasker } from "../src/review/secrets/diff-masker.js";
import { linesNamedIn } from "../src/pipeline/delegate/lines-named-in.js";
import { renderHunk } from "../src/review/diff/render-hunk.js";
import { reviewPriority } from "../src/review/diff/classify-path.js";

const finding = (over: Partial<Finding> = {}): Finding => ({
  path: "src/math.ts", startLine: undefined, line: 2, severity: "medium", title: "t", rootCause: "r", suggestion: undefined, ...over,
});

describe("parseFilePatch", () => {
  it("maps RIGHT-side lines of each hunk; deleted lines are not commentable", () => {
    const hunks = parseFilePatch(MATH_PATCH)!;
    expect(hunks).toHaveLength(1);
    expect(hunks[0]!.rightLines).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it("handles several hunks, CRLF and '\\ No newline at end of file'", () => {
    const patch = "@@ -1,2 +1,2 @@\r\n-a\r\n+b\r\n c\r\n@@ -10,2 +10,3 @@\n x\n+y\n z\n\\ No newline at end of file";
    const hunks = parseFilePatch(patch)!;
    expect(hunks.map((h) => h.rightLines)).toEqual([[1, 2], [10, 11, 12]]);
  });
  it("returns null for text that is not a unified diff", () => {
    expect(parseFilePatch("@@ -1,5 +1,5 @@\n+only one line")).toBeNull();
    expect(parseFilePatch("Binary files differ")).toBeNull();
  });
});

describe("buildDiffModel", () => {
  it("lists binary, deleted, renamed-only, huge, lock and ignored files with the reason; reviews the rest", () => {
    const model = buildDiffModel(
      [
        { filename: "src/math.ts", status: "modified", additions: 4, deletions: 1, changes: 5, patch: MATH_PATCH },
        { filename: "logo.png", status: "added", additions: 0, deletions: 0, changes: 0 },
        { filename: "old.ts", status: "removed", additions: 0, deletions: 9, changes: 9, patch: "@@ -1 +0,0 @@\n-x" },
        { filename: "b.ts", previous_filename: "a.ts", status: "renamed", additions: 0, deletions: 0, changes: 0 },
        { filename: "big.sql", status: "modified", additions: 90000, deletions: 0, changes: 90000 },
        { filename: "package-lock.json", status: "modified", additions: 3, deletions: 3, changes: 6, patch: "@@ -1 +1 @@\n-a\n+b" },
        { filename: "docs/x.md", status: "modified", additions: 1, deletions: 1, changes: 2, patch: "@@ -1 +1 @@\n-a\n+b" },
      ],
      ["docs/**"],
    );
    expect(model.files.map((f) => f.path)).toEqual(["src/math.ts"]);
    expect(model.leftOut).toEqual([
      { path: "logo.png", reason: "binary or no patch" },
      { path: "old.ts", reason: "deleted" },
      { path: "b.ts", reason: "renamed without changes" },
      { path: "big.sql", reason: "too large for a patch" },
      { path: "package-lock.json", reason: "lock file" },
      { path: "docs/x.md", reason: "ignored by config" },
    ]);
  });
});

describe("extractJsonObject and parseDelegateAnswer", () => {
  const json = { summary: "s", findings: [{ path: "a.ts", line: 3, severity: "High", title: "x" }] };
  it.each([
    ["bare JSON", JSON.stringify(json)],
    ["a ```json fence", "Sure!\n```json\n" + JSON.stringify(json, null, 2) + "\n```\nDone."],
    ["prose around it", "My answer is " + JSON.stringify(json) + " -- hope it helps {x}"],
  ])("finds the object in %s", (_name, text) => {
    expect(extractJsonObject(text)).toEqual(json);
  });
  it("accepts small slips (numeric strings, capitalised severity) and skips malformed findings", () => {
    const parsed = parseDelegateAnswer(JSON.stringify({ summary: "s", findings: [{ path: "./a.ts", line: "7", severity: "HIGH", title: "ok" }, { path: "a.ts", title: "no line" }, "junk"] }));
    expect(parsed).toEqual({ ok: true, summary: "s", invalidFindings: 2, resolved: [], findings: [{ path: "a.ts", line: 7, startLine: undefined, severity: "high", title: "ok", rootCause: "", suggestion: undefined }] });
  });
  it("reads the earlier findings a push fixed; a malformed entry is skipped, a missing reason is empty", () => {
    const parsed = parseDelegateAnswer(JSON.stringify({ summary: "s", findings: [], resolved: [{ id: "abc", reason: "guarded now" }, { id: "" }, { reason: "no id" }, { id: "def" }, 7] }));
    expect(parsed).toMatchObject({ ok: true, resolved: [{ id: "abc", reason: "guarded now" }, { id: "def", reason: "" }] });
  });
  it("reports a reason for text without JSON or of the wrong shape", () => {
    expect(parseDelegateAnswer("no json here")).toEqual({ ok: false, reason: "no JSON object in the answer" });
    expect(parseDelegateAnswer('{"findings": "many"}').ok).toBe(false);
    expect(parseDelegateAnswer('{"other": 1}')).toEqual({ ok: false, reason: 'the JSON has neither "summary" nor "findings"' });
  });
});

describe("interpretDelegateAnswer", () => {
  const usage = { prompt: 10, completion: 20, reasoning: 15, total: 30, estimated: false };
  const delegate = { model: "glm", maxTokens: 256, reasoning: { effort: "high" } };
  it("length with empty content is out_of_output_budget, not bad output", () => {
    expect(interpretDelegateAnswer({ kind: "answered", content: "", reasoning: "hmm", finishReason: "length", usage }, delegate, 10)).toEqual({ kind: "out_of_output_budget", maxTokens: 256, effort: "high", usage });
  });
  it("length with half a JSON says it was cut off", () => {
    const outcome = interpretDelegateAnswer({ kind: "answered", content: '{"summary": "x", "findings": [{"pa', reasoning: "", finishReason: "length", usage }, delegate, 10);
    expect(outcome).toMatchObject({ kind: "bad_output", reason: expect.stringContaining("cut off by DELEGATE_MAX_TOKENS") });
  });
  it("estimates usage when the endpoint sends none", () => {
    const outcome = interpretDelegateAnswer({ kind: "answered", content: '{"findings": []}', reasoning: "", finishReason: "stop", usage: null }, delegate, 100);
    expect(outcome).toMatchObject({ kind: "ok", usage: { prompt: 100, estimated: true } });
  });
});

describe("placeFindings", () => {
  const diff = buildDiffModel(
    [
      { filename: "src/math.ts", status: "modified", additions: 4, deletions: 1, changes: 5, patch: MATH_PATCH },
      { filename: "two.ts", status: "modified", additions: 2, deletions: 0, changes: 2, patch: "@@ -1,1 +1,2 @@\n a\n+b\n@@ -20,1 +21,2 @@\n c\n+d" },
      { filename: "logo.png", status: "added", additions: 0, deletions: 0, changes: 0 },
    ],
    [],
  );
  const paths = new Set(["src/math.ts", "two.ts", "logo.png"]);
  it("places only lines GitHub accepts; everything else goes to the summary with a reason", () => {
    const p = placeFindings(
      [
        finding({ line: 2 }),
        finding({ startLine: 2, line: 4 }),
        finding({ line: 40 }),
        finding({ path: "two.ts", startLine: 2, line: 22 }),
        finding({ path: "two.ts", startLine: 5, line: 2 }),
        finding({ path: "logo.png", line: 1 }),
        finding({ path: "invented.ts", line: 1 }),
      ],
      diff, paths, 10,
    );
    expect(p.inline.map((i) => [i.finding.path, i.startLine, i.line])).toEqual([["src/math.ts", undefined, 2], ["src/math.ts", 2, 4]]);
    expect(p.unplaced.map((u) => u.reason)).toEqual(["line not in the diff", "range spans more than one hunk", "range spans more than one hunk", "file not reviewable here"]);
    expect(p.droppedOutsidePr).toBe(1);
  });
  it("start_line equal to line is a single-line comment (GitHub answers 422 to start_line == line)", () => {
    const p = placeFindings([finding({ startLine: 3, line: 3 })], diff, paths, 10);
    expect(p.inline.map((i) => [i.startLine, i.line])).toEqual([[undefined, 3]]);
  });
  it("keeps the most severe findings up to max_findings", () => {
    const p = placeFindings([finding({ severity: "nit" }), finding({ severity: "high", line: 3 }), finding({ severity: "low", line: 4 })], diff, paths, 2);
    expect(p.inline.map((i) => i.finding.severity)).toEqual(["high", "low"]);
    expect(p.droppedOverLimit).toBe(1);
  });
});

describe("rendering model text", () => {
  it("a suggestion fence is longer than any backtick run inside", () => {
    expect(suggestionFence("plain")).toBe("```");
    expect(suggestionFence("a ``` b ```` c")).toBe("`````");
    const body = renderInlineComment(finding({ suggestion: "x = '```'\n" }), "GLM-5.2");
    expect(body).toContain("````suggestion\nx = '```'\n````");
  });
  it("an empty suggestion deletes the lines (still a block); no suggestion means no block", () => {
    expect(renderInlineComment(finding({ suggestion: "" }), "GLM-5.2")).toContain("```suggestion\n```");
    expect(renderInlineComment(finding(), "GLM-5.2")).not.toContain("suggestion");
  });
  it("neutralises mentions, HTML and the marker everywhere, invisibly; `a < b` stays as it reads", () => {
    const out = sanitizeModelText("Hi @octocat and @org/team <!-- glm-review:summary --> <img src=x> `a < b @c` `<img src=\"x`\">`", 1000);
    expect(out).toBe("Hi @\u200boctocat and @\u200borg/team <\u200b!-- glm-review:summary --> <\u200bimg src=x> `a < b @\u200bc` `<\u200bimg src=\"x`\">`");
  });
  it("caps length", () => {
    expect(sanitizeModelText("x".repeat(500), 100)).toHaveLength(100);
  });
  it("labels GLM models the way maintainers know them", () => {
    expect(modelLabel("@cf/zai-org/glm-5.2")).toBe("GLM-5.2");
    expect(modelLabel("gpt-4o-mini")).toBe("gpt-4o-mini");
  });
});

describe("prompt budgets", () => {
  const bigFile = (i: number) => ({
    filename: `src/file${i}.ts`, status: "modified", additions: 40, deletions: 0, changes: 40,
    patch: "@@ -1,0 +1,40 @@\n" + Array.from({ length: 40 }, (_, k) => `+export const value${i}_${k} = compute(${k}, "${"x".repeat(20)}");`).join("\n"),
  });
  const huge = buildDiffModel(Array.from({ length: 3000 }, (_, i) => bigFile(i)), []);
  const pr = { number: 1, title: "Huge", body: "Many files" };

  it("the delegate prompt never exceeds DELEGATE_INPUT_TOKENS, and says what it left out", () => {
    for (const cap of [1500, 6000, 20000]) {
      const prompt = buildDelegateMessages({ pr, diff: huge, leadNotes: "src/file7.ts matters", maxFindings: 10, inputTokens: cap });
      expect(prompt.estimatedTokens).toBeLessThanOrEqual(cap);
      expect(prompt.compacted.leftOut.length).toBeGreaterThan(0);
      expect(prompt.compacted.included[0]?.file.path).toBeDefined();
    }
    const prompt = buildDelegateMessages({ pr, diff: huge, leadNotes: "src/file7.ts matters", maxFindings: 10, inputTokens: 1500 });
    expect(prompt.compacted.included.map((i) => i.file.path)).toContain("src/file7.ts"); // the lead's pointer ranks first
  });

  it("the lead's prompt is bounded too, even for 3,000 files", () => {
    for (const cap of [1000, 4000, 12000]) {
      const prompt = buildLeadMessages(pr, huge, cap);
      expect(prompt.estimatedTokens).toBeLessThanOrEqual(cap);
      expect(prompt.messages[1]!.content).toMatch(/… and \d+ more files/);
    }
  });

  it("a large hunk splits into valid pieces that together hold exactly its lines and line numbers", () => {
    const body = Array.from({ length: 130 }, (_, k) => (k % 3 === 0 ? ` ctx${k}` : k % 3 === 1 ? `-old${k}` : `+new${k}`));
    const old = body.filter((l) => l[0] !== "+").length;
    const now = body.filter((l) => l[0] !== "-").length;
    const [hunk] = buildDiffModel([{ filename: "a.ts", status: "modified", additions: 0, deletions: 0, changes: 0, patch: `@@ -10,${old} +20,${now} @@\n${body.join("\n")}` }], []).files[0]!.hunks;
    const parts = splitLargeHunk(hunk!);
    expect(parts.length).toBe(4);
    expect(parts.flatMap((p) => p.lines)).toEqual(hunk!.lines);
    expect(parts.flatMap((p) => p.rightLines)).toEqual(hunk!.rightLines);
    for (const part of parts) {
      const reparsed = buildDiffModel([{ filename: "a.ts", status: "modified", additions: 0, deletions: 0, changes: 0, patch: `${part.header}\n${part.lines.join("\n")}` }], []).files[0]!.hunks[0]!;
      expect(reparsed.rightLines).toEqual(part.rightLines);
    }
  });
  it("compaction keeps hunks whole (pieces of a large hunk whole): what does not fit is left out, never cut mid-piece", () => {
    // Files of several hunks of different sizes, every added line unique, so a cut hunk would show.
    const hunk = (file: number, h: number, size: number) =>
      `@@ -${h * 100 + 1},1 +${h * 100 + 1},${size + 1} @@\n ctx${file}_${h}\n` + Array.from({ length: size }, (_, k) => `+added_${file}_${h}_${k} = compute(${k});`).join("\n");
    const files = Array.from({ length: 4 }, (_, f) => ({
      filename: `src/multi${f}.ts`, status: "modified", additions: 0, deletions: 0, changes: 0,
      patch: [2, 40, 5, 120].map((size, h) => hunk(f, h, size)).join("\n"),
    }));
    const diff = buildDiffModel(files, []);
    const compacted = compactDiff(diff.files, 1500);
    expect(compacted.tokens).toBeLessThanOrEqual(1500);
    expect(compacted.partial.length).toBeGreaterThan(0); // some hunks of a file in, some out
    let pieces = 0;
    for (const file of diff.files) {
      for (const hunkOf of file.hunks) {
        // A hunk of up to LARGE_HUNK_LINES changed lines is one piece; a larger one is cut into pieces.
        const parts = splitLargeHunk(hunkOf);
        if (parts.length > 1) pieces++;
        for (const part of parts) {
          const added = part.lines.filter((l) => l.startsWith("+")).map((l) => l.slice(1));
          const shown = added.filter((l) => compacted.text.includes(l)).length;
          expect([0, added.length]).toContain(shown); // all of the piece's lines, or none
        }
      }
    }
    expect(pieces).toBe(4); // the 120-line hunk of each file
  });
});

describe("fences in model text", () => {
  it("an unclosed fence is closed, so it cannot swallow the rest of the comment", () => {
    expect(sanitizeModelText("Look:\n```ts\nconst a = 1;", 1000)).toBe("Look:\n```ts\nconst a = 1;\n```");
    expect(sanitizeModelText("~~~~\nx", 1000)).toBe("~~~~\nx\n~~~~");
  });
  it("balanced fences and inline backticks are left as they are", () => {
    expect(sanitizeModelText("```\na\n```\nand ``x`` and ```y```", 1000)).toBe("```\na\n```\nand ``x`` and ```y```");
  });
  it("a fence opened near the cap still gets its closing line within the cap", () => {
    const out = sanitizeModelText("```\n" + "x".repeat(100), 50);
    expect(out.length).toBeLessThanOrEqual(50);
    expect(out.endsWith("\n```")).toBe(true);
  });
});

describe("links in model text", () => {
  it("links to other sites become plain text; images are never shown; GitHub links stay", () => {
    expect(sanitizeModelText("see [docs](https://evil.example/x) and https://evil.example/y", 500)).toBe("see docs (https:\u200b//evil.example/x) and https:\u200b//evil.example/y");
    expect(sanitizeModelText("![pixel](https://evil.example/p.png)", 500)).toBe("pixel (image not shown: https:\u200b//evil.example/p.png)");
    expect(sanitizeModelText("[issue](https://github.com/o/r/issues/1)", 500)).toBe("[issue](https://github.com/o/r/issues/1)");
    expect(sanitizeModelText("[x](javascript:alert(1))", 500)).not.toContain("](javascript");
  });
});

describe("compaction order on a crafted PR", () => {
  const contextHeavy = (name: string, changes: number) => {
    const lines: string[] = [];
    for (let i = 0; i < changes; i++) lines.push(...Array.from({ length: 8 }, (_, k) => ` const unchanged_${i}_${k} = keep(${k});`), `+const changed_${i} = update(${i});`);
    const context = lines.filter((l) => l[0] === " ").length;
    return { filename: name, status: "modified", additions: changes, deletions: 0, changes, patch: `@@ -1,${context} +1,${lines.length} @@\n${lines.join("\n")}` };
  };
  const files = [
    contextHeavy("docs/guide.md", 6),
    contextHeavy("test/a.test.ts", 6),
    contextHeavy("src/core.ts", 6),
    contextHeavy("src/pointed.ts", 2),
    { filename: "package-lock.json", status: "modified", additions: 900, deletions: 900, changes: 1800, patch: "@@ -1 +1 @@\n-a\n+b" },
    { filename: "vendor/lib.js", status: "modified", additions: 5, deletions: 0, changes: 5, patch: "@@ -1 +1,2 @@\n a\n+b" },
    { filename: "generated/api.ts", status: "modified", additions: 5, deletions: 0, changes: 5, patch: "@@ -1 +1,2 @@\n a\n+b" },
  ];
  const diff = buildDiffModel(files, ["generated/**"]);

  it("leaves out ignored, lock and vendored files before anything else", () => {
    expect(diff.leftOut).toEqual([
      { path: "package-lock.json", reason: "lock file" },
      { path: "vendor/lib.js", reason: "generated or minified" },
      { path: "generated/api.ts", reason: "ignored by config" },
    ]);
  });

  it("ranks the lead's pointers, then code, tests, docs; shortens context before leaving files out", () => {
    const everything = compactDiff(diff.files, 100_000);
    expect(everything.contextTrimmed).toBe(false);
    const pointed = new Set(["src/pointed.ts"]);
    const fullSizes = diff.files.map((f) => compactDiff([f], 100_000).tokens);
    // Room for about half of the full text: trimming context must make everything but docs fit.
    const budget = Math.floor(fullSizes.reduce((a, b) => a + b, 0) * 0.5);
    const tight = compactDiff(diff.files, budget, { pointedPaths: pointed });
    expect(tight.contextTrimmed).toBe(true);
    expect(tight.text).toContain("⋯ 7 unchanged lines");
    expect(tight.tokens).toBeLessThanOrEqual(budget);
    const kept = tight.included.map((i) => i.file.path);
    expect(kept).toContain("src/pointed.ts");
    expect(kept).toContain("src/core.ts");
    // What is left out comes from the bottom of the ranking: docs before tests before code.
    const rank = ["src/pointed.ts", "src/core.ts", "test/a.test.ts", "docs/guide.md"];
    const outRanks = tight.leftOut.map((f) => rank.indexOf(f.path));
    const keptRanks = kept.map((p) => rank.indexOf(p));
    for (const o of outRanks) expect(o).toBeGreaterThan(Math.min(...keptRanks));
  });

  it("a file too big with full context fits trimmed, with every changed line and its new-file number", () => {
    const core = diff.files.filter((f) => f.path === "src/core.ts");
    const fullTokens = compactDiff(core, 100_000).tokens;
    const tight = compactDiff(core, Math.floor(fullTokens * 0.6));
    expect(tight.contextTrimmed).toBe(true);
    expect(tight.included).toHaveLength(1);
    for (let i = 0; i < 6; i++) expect(tight.text).toContain(`${9 * i + 9} +const changed_${i} = update(${i});`);
  });
});

describe("fingerprintFinding: the same finding on a later push", () => {
  const fileWith = (patch: string, path = "src/a.ts") => buildDiffModel([{ filename: path, status: "modified", additions: 1, deletions: 1, changes: 2, patch }], []);
  const at = (line: number, extra: Partial<Finding> = {}): Finding => ({ path: "src/a.ts", line, severity: "high", title: "Bug", root_cause: "", ...extra } as Finding);
  const before = fileWith("@@ -1,3 +1,3 @@\n ctx\n-old\n+  return a / b;\n tail");

  it("follows the code when its lines move, and ignores case and whitespace", () => {
    const moved = fileWith("@@ -10,3 +20,4 @@\n ctx\n+// new comment\n-old\n+RETURN   a / b;\n tail");
    expect(fingerprintFinding(at(2), before)).toBe(fingerprintFinding(at(22), moved));
  });
  it("differs for other code, another file, or a range that takes in more lines", () => {
    const base = fingerprintFinding(at(2), before);
    expect(fingerprintFinding(at(3), before)).not.toBe(base); // the context line after it
    expect(fingerprintFinding(at(2, { startLine: 1 }), before)).not.toBe(base);
    expect(fingerprintFinding({ ...at(2), path: "src/b.ts" }, fileWith("@@ -1,3 +1,3 @@\n ctx\n-old\n+  return a / b;\n tail", "src/b.ts"))).not.toBe(base);
  });
  it("reads new-file lines only: a removed line does not shift the numbering", () => {
    // Line 2 is the added line (the removed one has no new-file number); line 1 is the context before it.
    expect(fingerprintFinding(at(2), before)).toBe(fingerprintFinding(at(2), fileWith("@@ -1,3 +1,3 @@\n ctx\n-something else entirely\n+  return a / b;\n tail")));
    expect(fingerprintFinding(at(2), before)).not.toBe(fingerprintFinding(at(1), before));
  });
  it("reads the finding's own file when the diff has several", () => {
    const two = buildDiffModel([
      { filename: "src/z.ts", status: "modified", additions: 1, deletions: 1, changes: 2, patch: "@@ -1,3 +1,3 @@\n ctx\n-old\n+  other code;\n tail" },
      { filename: "src/a.ts", status: "modified", additions: 1, deletions: 1, changes: 2, patch: "@@ -1,3 +1,3 @@\n ctx\n-old\n+  return a / b;\n tail" },
    ], []);
    expect(fingerprintFinding(at(2), two)).toBe(fingerprintFinding(at(2), before));
  });
  it("without code in the diff, the title stands in (case and spaces ignored)", () => {
    const outside = fingerprintFinding(at(90, { title: "Callers  divide by ZERO" }), before);
    expect(outside).toBe(fingerprintFinding(at(95, { title: "callers divide by zero" }), before));
    expect(outside).not.toBe(fingerprintFinding(at(90, { title: "Another title" }), before));
    expect(fingerprintFinding(at(2), buildDiffModel([], []))).toBe(fingerprintFinding(at(7), buildDiffModel([], [])));
    expect(outside).toMatch(/^[0-9a-f]{24}$/);
  });
});

describe("delegateInputBudget: the delegate's prompt budget grows with the PR, between the floor and the ceiling", () => {
  const filesOf = (count: number, lines: number) =>
    Array.from({ length: count }, (_, f) => {
      const body = Array.from({ length: lines }, (_, i) => `+export const value${f}_${i} = compute(${f}, ${i}) ?? fallback("${f}-${i}");`);
      return { filename: `src/mod${f}.ts`, status: "added", additions: lines, deletions: 0, changes: lines, patch: `@@ -0,0 +1,${lines} @@\n${body.join("\n")}` };
    });
  it("a PR that fits the floor gets the floor, as before; a mid-size one its diff plus room, read whole; a huge one the ceiling", async () => {
    const small = delegateInputBudget(buildDiffModel(filesOf(2, 40), []), 6000, 16000);
    expect(small).toMatchObject({ tokens: 6000, atCeiling: false });
    expect(small.diffTokens).toBeLessThan(6000);
    const midDiff = buildDiffModel(filesOf(12, 40), []);
    const mid = delegateInputBudget(midDiff, 6000, 16000);
    expect(mid.diffTokens).toBeGreaterThan(6000);
    expect(mid.tokens).toBe(Math.ceil(mid.diffTokens! * 1.35));
    expect(mid.atCeiling).toBe(false);
    const prompt = await buildDelegatePrompt({ pr: { number: 1, title: "t", body: "" }, diff: midDiff, leadNotes: null, maxFindings: 10 }, new DiffMasker([]), null, mid.tokens);
    expect(prompt.compacted.leftOut).toEqual([]);
    expect(prompt.compacted.partial).toEqual([]);
    expect(prompt.estimatedTokens).toBeLessThanOrEqual(mid.tokens);
    expect(delegateInputBudget(buildDiffModel(filesOf(60, 60), []), 6000, 16000)).toEqual({ tokens: 16000, diffTokens: null, atCeiling: true });
    // A ceiling at the floor is the old fixed cap: never "cut by the ceiling".
    expect(delegateInputBudget(buildDiffModel(filesOf(60, 60), []), 6000, 6000)).toEqual({ tokens: 6000, diffTokens: null, atCeiling: false });
  });
});

describe("choices under the ceiling (issue 20)", () => {
  const newFile = (name: string, lines: number) => {
    const body = Array.from({ length: lines }, (_, i) => `+export const value_${i} = compute(${i}, "${name}");`);
    return { filename: name, status: "added", additions: lines, deletions: 0, changes: lines, patch: `@@ -0,0 +1,${lines} @@\n${body.join("\n")}` };
  };
  const diff = buildDiffModel([newFile("src/big.ts", 400), newFile("src/other.ts", 120)], []);
  const pieces = diff.files[0]!.hunks.flatMap(splitLargeHunk);
  const pr = { number: 1, title: "t", body: "" };

  it("the hunk the lead named by its @@ header goes in before the rest of its file", () => {
    const named = pieces[8]!;
    const leadNotes = `**Where the risk is**\n- src/big.ts: the late values in ${named.header} are computed from the wrong input\n- src/other.ts: fine`;
    const prompt = buildDelegateMessages({ pr, diff, leadNotes, maxFindings: 5, inputTokens: 2000 });
    const shown = prompt.compacted.included.find((i) => i.file.path === "src/big.ts")!.hunks;
    expect(shown.map((h) => h.header)).toContain(named.header);
    expect(prompt.sections.diff).toContain(`${named.newStart} +export const value_${named.newStart - 1} =`);
    // Without the lead's hunk, the file's first pieces fill the room and the named one is left out.
    const plain = buildDelegateMessages({ pr, diff, leadNotes: "- src/big.ts: the late values", maxFindings: 5, inputTokens: 2000 });
    expect(plain.compacted.included.find((i) => i.file.path === "src/big.ts")!.hunks.map((h) => h.header)).not.toContain(named.header);
  });

  it("reads the lines a lead's notes name: @@ headers after a path, path:line; a path inside a longer one is not a mention", () => {
    const two = buildDiffModel([newFile("a.ts", 3), newFile("src/a.ts", 3), newFile("lib/b.py", 3)], []);
    const notes = "- src/a.ts: see @@ -0,0 +12,40 @@ and @@ -3 +7 @@\n- lib/b.py:42 reads past the end\n- a.ts#L5";
    expect(linesNamedIn(notes, two)).toEqual(new Map([["src/a.ts", new Set([12, 7])], ["lib/b.py", new Set([42])], ["a.ts", new Set([5])]]));
    expect(linesNamedIn(null, two)).toEqual(new Map());
    expect(linesNamedIn("- src/a.ts is fine", two)).toEqual(new Map());
  });

  it("a replaced run of deleted lines is cut to two when context is trimmed, and shown whole otherwise", () => {
    const patch = "@@ -1,8 +1,4 @@\n keep\n-old_1\n-old_2\n-old_3\n-old_4\n-old_5\n-old_6\n+new_1\n+new_2\n tail";
    const [hunk] = buildDiffModel([{ filename: "src/r.ts", status: "modified", additions: 2, deletions: 6, changes: 8, patch }], []).files[0]!.hunks;
    const whole = renderHunk(hunk!);
    for (let i = 1; i <= 6; i++) expect(whole).toContain(`-old_${i}`);
    const trimmed = renderHunk(hunk!, 1);
    expect(trimmed).toContain("-old_2");
    expect(trimmed).not.toContain("-old_3");
    expect(trimmed).toContain("-⋯ 4 more deleted lines");
    expect(trimmed).toContain("2 +new_1");
  });

  it("tells tests and examples from code by each language's conventions", () => {
    for (const test of ["cmd/root_test.go", "tests/test_core.py", "click/test_utils.py", "spec/app_spec.rb", "src/FooTest.java", "examples/demo/main.go", "benchmarks/parse.js", "testdata/x.go", "src/a.test.ts"]) {
      expect([test, reviewPriority(test)]).toEqual([test, 1]);
    }
    for (const code of ["src/contest.go", "latest.py", "src/Tests.txt.go", "src/exampleSchema.ts"]) expect([code, reviewPriority(code)]).toEqual([code, 0]);
    expect(reviewPriority("docs/guide.md")).toBe(2);
  });
});
