import type { HeadFile } from "../../review/diff/head-file.js";
import { emptyPythonBlocks, syntaxErrors } from "../../review/syntax/syntax-errors.js";
import { grammarFor, parseSource } from "../../review/syntax/syntax-parser.js";
import { describeImbalance, describeSyntaxError } from "./describe-parse-failure.js";

/** How far a suggestion that is offered one-click was checked. */
export type CheckLevel = "parsed" | "not_syntax_checked" | "not_checked";

export type SuggestionCheck =
  | { kind: "offer"; level: CheckLevel; lines: string[]; eol: "\n" | "\r\n" }
  /** `reason` completes "Not offered as a one-click suggestion: …". */
  | { kind: "reject"; reason: string; lines: string[] };

/** A checked suggestion; `byCoder` when the narrow coder wrote it. */
export type CheckedSuggestion = SuggestionCheck & { byCoder?: boolean };

/**
 * Model text → replacement lines: CRLF is a line end, a lone CR is dropped (GitHub would split the
 * line there), one trailing newline is the block's own end, and "" is no lines at all (the suggestion
 * deletes the range).
 */
export function replacementLines(text: string): string[] {
  if (text === "") return [];
  const normal = text.replace(/\r\n/g, "\n").replace(/\r/g, "");
  return (normal.endsWith("\n") ? normal.slice(0, -1) : normal).split("\n");
}

/**
 * The file's indentation step: the most common increase of indentation from one code line to the
 * next (comment continuation lines such as " * " left out); 4 when the file gives no evidence.
 */
function indentUnitOf(lines: readonly string[]): number {
  const counts = new Map<number, number>();
  let previous: number | undefined;
  for (const line of lines.slice(0, 5000)) {
    const trimmed = line.trim();
    if (trimmed === "" || /^(\*|\/\/|#|--)/.test(trimmed)) continue;
    const width = (/^[ \t]*/.exec(line)?.[0] ?? "").length;
    if (previous !== undefined && width > previous) counts.set(width - previous, (counts.get(width - previous) ?? 0) + 1);
    previous = width;
  }
  let best = 4;
  let most = 0;
  for (const [step, n] of counts) if (n > most || (n === most && step < best)) [best, most] = [step, n];
  return best;
}

const indentOf = (line: string) => /^[ \t]*/.exec(line)?.[0] ?? "";
const firstCode = (lines: readonly string[]) => lines.find((l) => l.trim() !== "");

/** The checks no parser is needed for; a reason when one fails. */
function plainChecks(original: string[], replacement: string[], before: string | undefined, after: string | undefined, startLine: number, line: number, indentUnit: number): string | null {
  if (replacement.length === original.length && replacement.every((l, i) => l === original[i])) return "it is identical to the lines it would replace";
  if (replacement.length > 1 || (replacement.length === 1 && original.length > 1)) {
    if (before !== undefined && before.trim() !== "" && replacement[0] === before && original[0] !== before) return `it repeats line ${startLine - 1}, which is above the range and stays`;
    if (after !== undefined && after.trim() !== "" && replacement.at(-1) === after && original.at(-1) !== after) return `it repeats line ${line + 1}, which is below the range and stays`;
  }
  const was = firstCode(original);
  const now = firstCode(replacement);
  if (was !== undefined && now !== undefined) {
    const [a, b] = [indentOf(was), indentOf(now)];
    if (a.includes("\t") !== b.includes("\t") && a !== "" && b !== "") return `its indentation uses ${b.includes("\t") ? "tabs" : "spaces"} where the file uses ${a.includes("\t") ? "tabs" : "spaces"}`;
    if (/^\t+$/.test(a) && b.includes(" ")) return "it mixes spaces into the file's tab indentation";
    // A fix may move code a level in or out; off the file's indentation grid it is a slip.
    const unit = indentUnit;
    if (a.length !== b.length && Math.abs(a.length - b.length) % unit !== 0) {
      return `its first line is indented ${b.length} ${b.includes("\t") ? "tabs" : "spaces"} where the replaced lines start at ${a.length} (the file indents by ${unit})`;
    }
  }
  return null;
}

/**
 * One suggestion checked against the head file before it is offered: applied to start_line..line,
 * the patched file must parse with no more syntax errors than the original (for the languages we
 * parse), and it must not be a no-op, restate the lines around the range, or change the indentation
 * style. A file that cannot be read gives an offer marked "not checked".
 */
export async function checkSuggestion(input: { path: string; startLine: number; line: number; text: string; head: HeadFile }): Promise<SuggestionCheck> {
  const lines = replacementLines(input.text);
  if (input.head.kind === "unreadable") return { kind: "offer", level: "not_checked", lines, eol: "\n" };
  const source = input.head.text;
  const eol = /\r\n/.test(source) ? "\r\n" : "\n";
  const fileLines = source.split(/\r?\n/);
  const { startLine, line } = input;
  if (line > fileLines.length || startLine < 1) return { kind: "reject", reason: `lines ${startLine}-${line} are not in the file at the head commit`, lines };
  const original = fileLines.slice(startLine - 1, line);
  const plain = plainChecks(original, lines, fileLines[startLine - 2], fileLines[line], startLine, line, indentUnitOf(fileLines));
  if (plain) return { kind: "reject", reason: plain, lines };
  if (!grammarFor(input.path)) return { kind: "offer", level: "not_syntax_checked", lines, eol };
  const patched = [...fileLines.slice(0, startLine - 1), ...lines, ...fileLines.slice(line)].join("\n");
  const [before, after] = [await parseSource(input.path, fileLines.join("\n")), await parseSource(input.path, patched)];
  try {
    if (!before || !after) return { kind: "offer", level: "not_syntax_checked", lines, eol };
    // Brackets the replacement opens or closes that the replaced lines did not: error recovery can
    // hide them from the parser's error count, never from the file's next reader.
    const imbalance = describeImbalance(before, after, { startLine, line, length: lines.length });
    if (imbalance) return { kind: "reject", reason: `the patched file would not parse (${imbalance})`, lines };
    const was = syntaxErrors(before);
    const now = syntaxErrors(after);
    if (grammarFor(input.path) === "python") {
      const [emptyBefore, emptyAfter] = [emptyPythonBlocks(before), emptyPythonBlocks(after)];
      if (emptyAfter.count > emptyBefore.count) {
        return { kind: "reject", reason: `the patched file would not parse (a block with nothing indented under it near line ${emptyAfter.firstLine ?? startLine})`, lines };
      }
    }
    if (now.count <= was.count) return { kind: "offer", level: "parsed", lines, eol };
    // Bracket imbalance was refused above, so the parser's first broken node says what is wrong.
    return { kind: "reject", reason: `the patched file would not parse (${describeSyntaxError(after, now.firstLine)})`, lines };
  } finally {
    before?.delete();
    after?.delete();
  }
}
