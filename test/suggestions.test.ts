import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import nock from "nock";
import { HEAD_SHA, mockInstallationAndConfig, mockPullRequestRead, mockReviewCreate, mockSummaryWrites } from "./helpers/github-mock.js";
import { chatAnswer, delegateJson, LLM_ORIGIN, mockDelegate, mockLead } from "./helpers/model-mock.js";
import { useMockedWorld } from "./helpers/mocked-world.js";
import { checkSuggestion, replacementLines } from "../src/pipeline/suggestions/check-suggestion.js";

const patchFor = (path: string, lines: string[], changed: number) => {
  // A hunk over the whole (short) file with line `changed` marked as added.
  const body = lines.map((l, i) => (i + 1 === changed ? `+${l}` : ` ${l}`));
  return { filename: path, status: "modified", additions: 1, deletions: 0, changes: 1, patch: `@@ -1,${lines.length - 1} +1,${lines.length} @@\n${body.join("\n")}` };
};

const TS = ["export function divide(a: number, b: number): number {", "  if (b === 0) return 0;", "  return a / b;", "}"];
const PY = ["def divide(a, b):", "    if b == 0:", "        return 0", "    return a / b"];
const GO = ["package m", "", "func Divide(a, b int) int {", "\tif b == 0 {", "\t\treturn 0", "\t}", "\treturn a / b", "}"];

const finding = (path: string, startLine: number, line: number, suggestion?: string, severity = "high") => ({
  path, start_line: startLine === line ? undefined : startLine, line, severity, title: `Defect at ${path}:${line}`, root_cause: "Zero is not a result.", ...(suggestion === undefined ? {} : { suggestion }),
});

describe("suggestions a maintainer can click without fear", () => {
  const world = useMockedWorld();
  const coderCalls: any[] = [];

  function setup(files: { path: string; lines: string[]; changed: number; eol?: string }[]) {
    mockInstallationAndConfig();
    mockPullRequestRead(
      files.map((f) => patchFor(f.path, f.lines, f.changed)),
      {},
      Object.fromEntries(files.map((f) => [f.path, f.lines.join(f.eol ?? "\n") + (f.eol ?? "\n")])),
    );
    mockSummaryWrites(world.captured);
    mockReviewCreate(world.captured);
    mockLead(world.calls);
  }

  /** The coder: the lead's model on the lead's endpoint, told apart by its system prompt. */
  function mockCoder(reply: { status: number; body: unknown; delayMs?: number }) {
    coderCalls.length = 0;
    const scope = nock(LLM_ORIGIN).post("/v1/chat/completions", (body) => String(body.messages?.[0]?.content).includes("one small patch") && (coderCalls.push(body), true));
    (reply.delayMs ? scope.delay(reply.delayMs) : scope).reply(reply.status, reply.body as nock.Body);
  }

  const comments = () => (world.captured.reviews[0]?.comments ?? []) as { path: string; body: string; line: number }[];

  it("broken suggestions in TS, Python and Go are shown as plain code with the sentence", async () => {
    setup([
      { path: "src/a.ts", lines: TS, changed: 2 },
      { path: "src/a.py", lines: PY, changed: 2 },
      { path: "src/a.go", lines: GO, changed: 4 },
    ]);
    mockDelegate(world.calls, {
      status: 200,
      body: chatAnswer(delegateJson([
        finding("src/a.ts", 2, 2, '  if (b === 0) { throw new RangeError("b");'),
        finding("src/a.py", 2, 3, "    if b == 0:\n    raise ValueError('b')"),
        finding("src/a.go", 4, 4, "\tif b == 0 {{"),
      ])),
    });
    await world.reviewOpened({ CODER_MAX_CALLS: "0" });
    const bodies = comments().map((c) => c.body);
    expect(bodies).toHaveLength(3);
    for (const body of bodies) {
      expect(body).toContain("Not offered as a one-click suggestion:");
      expect(body).not.toContain("```suggestion");
    }
    expect(bodies.find((b) => b.includes("a.ts"))).toContain("the patched file would not parse (unbalanced `{` near line 2)");
  });

  it("a valid multi-line suggestion stays one-click; a deletion is an empty block; an unknown language says not syntax-checked", async () => {
    setup([
      { path: "src/a.ts", lines: TS, changed: 2 },
      { path: "src/a.py", lines: PY, changed: 2 },
      { path: "conf/app.tcl", lines: ["proc f {} {", "  set x 1", "}"], changed: 2 },
    ]);
    mockDelegate(world.calls, {
      status: 200,
      body: chatAnswer(delegateJson([
        finding("src/a.ts", 2, 3, '  if (b === 0) {\n    throw new RangeError("division by zero");\n  }\n  return a / b;'),
        finding("src/a.py", 2, 3, "", "medium"),
        finding("conf/app.tcl", 2, 2, "  set x 2", "low"),
      ])),
    });
    await world.reviewOpened();
    const byPath = Object.fromEntries(comments().map((c) => [c.path, c.body]));
    expect(byPath["src/a.ts"]).toContain('```suggestion\n  if (b === 0) {\n    throw new RangeError("division by zero");\n  }\n  return a / b;\n```');
    expect(byPath["src/a.py"]).toContain("```suggestion\n```");
    expect(byPath["conf/app.tcl"]).toContain("```suggestion\n  set x 2\n```");
    expect(byPath["conf/app.tcl"]).toContain("Not syntax-checked");
  });

  it("a CRLF file keeps its line endings in the suggestion; a lone CR never splits a line", async () => {
    setup([{ path: "src/a.ts", lines: TS, changed: 2, eol: "\r\n" }]);
    mockDelegate(world.calls, { status: 200, body: chatAnswer(delegateJson([finding("src/a.ts", 2, 3, '  if (b === 0) {\n    throw new RangeError("b\rc");\n  }\n  return a / b;')])) });
    await world.reviewOpened();
    const body = comments()[0]!.body;
    expect(body).toContain('```suggestion\n  if (b === 0) {\r\n    throw new RangeError("bc");\r\n  }\r\n  return a / b;\n```');
  });

  it("overlapping findings: the more severe keeps the suggestion, the other goes to the summary", async () => {
    setup([{ path: "src/a.ts", lines: TS, changed: 2 }]);
    mockDelegate(world.calls, {
      status: 200,
      body: chatAnswer(delegateJson([finding("src/a.ts", 2, 3, "  return b === 0 ? NaN : a / b;\n", "low"), finding("src/a.ts", 2, 2, '  if (b === 0) throw new RangeError("b");', "high")])),
    });
    const { final } = await world.reviewOpened();
    expect(comments()).toHaveLength(1);
    expect(comments()[0]!.body).toContain("RangeError");
    expect(final).toContain("overlaps a more severe finding's suggestion, so not inline");
  });

  it("the coder fills a missing replacement: exactly one coder call, on the lead's model, never DELEGATE_MODEL", async () => {
    setup([{ path: "src/a.ts", lines: TS, changed: 2 }]);
    mockDelegate(world.calls, { status: 200, body: chatAnswer(delegateJson([finding("src/a.ts", 2, 2)])) });
    mockCoder({ status: 200, body: chatAnswer('```ts\n  if (b === 0) throw new RangeError("division by zero");\n```', { usage: { prompt_tokens: 400, completion_tokens: 30, total_tokens: 430 } }) });
    const { final } = await world.reviewOpened();
    expect(coderCalls).toHaveLength(1);
    expect(coderCalls[0].model).toBe("lead-small");
    expect(coderCalls[0].messages[1].content).toContain("1  export function divide"); // the enclosing function, from the head file
    expect(world.calls.delegate).toHaveLength(1);
    expect(comments()[0]!.body).toContain('```suggestion\n  if (b === 0) throw new RangeError("division by zero");\n```');
    expect(comments()[0]!.body).toContain("Patch written by the coder model");
    expect(final).toContain("coder: 1 call, 430 tokens");
  });

  it("coder failure or timeout keeps the finding as text", async () => {
    setup([{ path: "src/a.ts", lines: TS, changed: 2 }]);
    mockDelegate(world.calls, { status: 200, body: chatAnswer(delegateJson([finding("src/a.ts", 2, 2)])) });
    mockCoder({ status: 200, body: chatAnswer("x"), delayMs: 2_000 });
    await world.reviewOpened({ CODER_TIMEOUT_MS: "200" });
    expect(coderCalls).toHaveLength(1);
    expect(comments()[0]!.body).toContain("Zero is not a result.");
    expect(comments()[0]!.body).not.toContain("suggestion");
  });

  it("no lead endpoint, no coder", async () => {
    mockInstallationAndConfig();
    mockPullRequestRead([patchFor("src/a.ts", TS, 2)], {}, { "src/a.ts": TS.join("\n") });
    mockSummaryWrites(world.captured);
    mockReviewCreate(world.captured);
    mockDelegate(world.calls, { status: 200, body: chatAnswer(delegateJson([finding("src/a.ts", 2, 2)])) });
    coderCalls.length = 0;
    await world.reviewOpened({ LEAD_MODEL: "" });
    expect(coderCalls).toHaveLength(0);
    expect(world.calls.delegate).toHaveLength(1);
  });

  it("the head file unreadable: offered, and the comment says it was not checked", async () => {
    mockInstallationAndConfig();
    mockPullRequestRead([patchFor("src/a.ts", TS, 2)], {}, {});
    mockSummaryWrites(world.captured);
    mockReviewCreate(world.captured);
    mockLead(world.calls);
    mockDelegate(world.calls, { status: 200, body: chatAnswer(delegateJson([finding("src/a.ts", 2, 2, "  if (b === 0) return NaN;")])) });
    await world.reviewOpened();
    expect(comments()[0]!.body).toContain("```suggestion\n  if (b === 0) return NaN;\n```");
    expect(comments()[0]!.body).toContain("Not checked: the file could not be read at the head commit.");
  });
});

describe("checkSuggestion, properties", () => {
  const fileArb = fc.array(fc.stringMatching(/^[a-z =;]{0,12}$/), { minLength: 1, maxLength: 30 });
  it("applying any offered suggestion changes exactly start_line..line", async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, fc.nat(), fc.nat(), fc.array(fc.stringMatching(/^[a-z =;]{0,12}$/), { maxLength: 5 }), async (lines, a, b, replacement) => {
        const startLine = 1 + (a % lines.length);
        const line = startLine + (b % (lines.length - startLine + 1));
        const text = lines.join("\n") + "\n";
        const check = await checkSuggestion({ path: "notes.txt", startLine, line, text: replacement.join("\n"), head: { kind: "read", text } });
        if (check.kind !== "offer") return;
        const applied = [...lines.slice(0, startLine - 1), ...check.lines, ...lines.slice(line)];
        expect(applied.slice(0, startLine - 1)).toEqual(lines.slice(0, startLine - 1));
        expect(applied.slice(startLine - 1 + check.lines.length)).toEqual(lines.slice(line));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 100) },
    );
  });

  it("a no-op and a restated neighbour line are refused", async () => {
    const head = { kind: "read" as const, text: "a\nb\nc\n" };
    expect(await checkSuggestion({ path: "x.txt", startLine: 2, line: 2, text: "b", head })).toMatchObject({ kind: "reject", reason: "it is identical to the lines it would replace" });
    expect(await checkSuggestion({ path: "x.txt", startLine: 2, line: 2, text: "a\nB", head })).toMatchObject({ kind: "reject", reason: "it repeats line 1, which is above the range and stays" });
  });
});
void HEAD_SHA;

describe("checkSuggestion, each rule by its exact words", () => {
  const read = (lines: string[], eol = "\n") => ({ kind: "read" as const, text: lines.join(eol) + eol });
  const twoSpace = ["function f(a) {", "  if (a) {", "    return 1;", "  }", "  /**", "   * doc", "   */", "  return 2;", "}"];
  const check = (path: string, lines: string[], startLine: number, line: number, text: string, eol = "\n") => checkSuggestion({ path, startLine, line, text, head: read(lines, eol) });

  it("offers a parsed patch with the file's line ending", async () => {
    expect(await check("a.js", twoSpace, 3, 3, "    return 3;")).toEqual({ kind: "offer", level: "parsed", lines: ["    return 3;"], eol: "\n" });
    expect(await check("a.js", twoSpace, 3, 3, "    return 3;", "\r\n")).toEqual({ kind: "offer", level: "parsed", lines: ["    return 3;"], eol: "\r\n" });
    expect(await check("a.txt", twoSpace, 3, 3, "    return 3;")).toMatchObject({ kind: "offer", level: "not_syntax_checked" });
    expect(await checkSuggestion({ path: "a.js", startLine: 3, line: 3, text: "x", head: { kind: "unreadable", reason: "404" } })).toEqual({ kind: "offer", level: "not_checked", lines: ["x"], eol: "\n" });
  });

  it("refuses a range outside the file, a no-op, and restated neighbours above and below", async () => {
    expect(await check("a.js", twoSpace, 9, 12, "}")).toMatchObject({ kind: "reject", reason: "lines 9-12 are not in the file at the head commit" });
    expect(await check("a.js", twoSpace, 3, 4, "    return 1;\n  }")).toMatchObject({ reason: "it is identical to the lines it would replace" });
    expect(await check("a.js", twoSpace, 3, 3, "  if (a) {\n    return 3;")).toMatchObject({ reason: "it repeats line 2, which is above the range and stays" });
    expect(await check("a.js", twoSpace, 3, 3, "    return 3;\n  }")).toMatchObject({ reason: "it repeats line 4, which is below the range and stays" });
    // Restating is allowed when the replaced lines themselves start or end that way.
    expect(await check("a.js", twoSpace, 2, 3, "  if (a) {\n    return 3;")).toMatchObject({ kind: "offer" });
  });

  it("measures the file's indentation step, doc-comment lines aside", async () => {
    expect(await check("a.js", twoSpace, 3, 3, "  return 3;")).toMatchObject({ kind: "offer" }); // one level out: on the grid
    expect(await check("a.js", twoSpace, 3, 3, "   return 3;")).toMatchObject({ reason: "its first line is indented 3 spaces where the replaced lines start at 4 (the file indents by 2)" });
    const four = ["def f(a):", "    if a:", "        return 1", "    return 2"];
    expect(await check("a.py", four, 3, 3, "      return 3")).toMatchObject({ reason: "its first line is indented 6 spaces where the replaced lines start at 8 (the file indents by 4)" });
  });

  it("refuses tabs for spaces, spaces for tabs, and spaces mixed into tab indentation", async () => {
    const tabs = ["func f() {", "\tif a {", "\t\treturn", "\t}", "}"];
    expect(await check("a.go", tabs, 3, 3, "        return")).toMatchObject({ reason: "its indentation uses spaces where the file uses tabs" });
    expect(await check("a.js", twoSpace, 3, 3, "\t\treturn 3;")).toMatchObject({ reason: "its indentation uses tabs where the file uses spaces" });
    expect(await check("a.go", tabs, 3, 3, "\t\t return")).toMatchObject({ reason: "it mixes spaces into the file's tab indentation" });
  });

  it("names the bracket a patch unbalances, and the line", async () => {
    expect(await check("a.js", twoSpace, 3, 3, "    return 3; }")).toMatchObject({ reason: "the patched file would not parse (unbalanced `}` near line 3)" });
    expect(await check("a.js", twoSpace, 3, 3, "    return [3;\n    x();")).toMatchObject({ reason: "the patched file would not parse (unbalanced `[` near line 4)" });
    expect(await check("a.js", twoSpace, 3, 3, "    return g(3;")).toMatchObject({ reason: "the patched file would not parse (unbalanced `(` near line 3)" });
    // Brackets inside strings and comments do not count.
    expect(await check("a.js", twoSpace, 3, 3, '    return "}"; // )')).toMatchObject({ kind: "offer" });
  });

  it("correct JS/TS fixes with `#` in a regex or comment, or a template literal over lines, are offered one-click", async () => {
    const js = ["function g(href, url) {", "  const base = href;", "  return base;", "}", "export default 1;"];
    expect(await check("a.js", js, 2, 2, "  const base = href.split(/#/)[0];")).toMatchObject({ kind: "offer", level: "parsed" });
    expect(await check("a.ts", js, 3, 3, "  if (/[#?]/.test(url)) {\n    return base;\n  }\n  return base;")).toMatchObject({ kind: "offer", level: "parsed" });
    expect(await check("a.ts", js, 5, 5, "export default /* #__PURE__ */ define({ a: 1 });")).toMatchObject({ kind: "offer", level: "parsed" });
    // A template literal spanning lines: its braces and parentheses are text, its `${}` substitution is code.
    expect(await check("a.js", js, 3, 3, "  return `(${base} {\n  [`;")).toMatchObject({ kind: "offer", level: "parsed" });
    // Python and shell still read `#` as a comment.
    const py = ["def f(a):", "    return a", ""];
    expect(await check("a.py", py, 2, 2, "    return [a]  # (unbalanced in a comment")).toMatchObject({ kind: "offer", level: "parsed" });
    expect(await check("a.py", py, 2, 2, "    return [a  # ]")).toMatchObject({ reason: "the patched file would not parse (unbalanced `[` near line 2)" });
    // A dropped closer after a `#` in a regex is still caught.
    expect(await check("a.js", js, 2, 2, "  const base = href.split(/#/)[0;")).toMatchObject({ reason: "the patched file would not parse (unbalanced `[` near line 2)" });
  });

  it("describes a parse failure with balanced brackets by its first broken node", async () => {
    const result = await check("a.js", twoSpace, 3, 3, "    return 3 3 3;");
    expect(result).toMatchObject({ kind: "reject" });
    expect((result as { reason: string }).reason).toMatch(/^the patched file would not parse \((unexpected `[^`]+`|missing `[^`]+`) near line 3\)$/);
  });

  it("Python: a block left with nothing indented under it is refused", async () => {
    const py = ["def f(a):", "    if a:", "        return 1", "    return 2"];
    expect(await check("a.py", py, 3, 3, "")).toMatchObject({ reason: "the patched file would not parse (a block with nothing indented under it near line 2)" });
    expect(await check("a.py", py, 3, 3, "        pass")).toMatchObject({ kind: "offer", level: "parsed" });
  });

  it("reads model text into lines: CRLF, lone CR, one trailing newline, empty", () => {
    expect(replacementLines("")).toEqual([]);
    expect(replacementLines("\n")).toEqual([""]);
    expect(replacementLines("a\r\nb\r\n")).toEqual(["a", "b"]);
    expect(replacementLines("a\rb")).toEqual(["ab"]);
    expect(replacementLines("a\n\n")).toEqual(["a", ""]);
  });
});
