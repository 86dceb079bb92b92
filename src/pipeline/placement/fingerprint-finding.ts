import { createHash } from "node:crypto";
import type { Finding } from "../../review/answer/delegate-answer-schema.js";
import type { DiffModel } from "../../review/diff/diff-model.js";

/** New-file line number -> its text, for one file of the diff. */
function rightSideText(diff: DiffModel, path: string): Map<number, string> {
  const text = new Map<number, string>();
  for (const hunk of diff.files.find((f) => f.path === path)?.hunks ?? []) {
    let line = hunk.newStart;
    for (const raw of hunk.lines) if (raw[0] === "+" || raw[0] === " ") text.set(line++, raw.slice(1));
  }
  return text;
}

const normalise = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();

/**
 * What makes a finding "the same" on a later push: its file and the code it points at (whitespace
 * ignored), wherever the lines have moved. Without code in the diff, its title stands in.
 */
export function fingerprintFinding(finding: Finding, diff: DiffModel): string {
  const text = rightSideText(diff, finding.path);
  const code: string[] = [];
  for (let n = finding.startLine ?? finding.line; n <= finding.line && code.length < 200; n++) {
    const line = text.get(n);
    if (line !== undefined) code.push(normalise(line));
  }
  const basis = code.length > 0 ? `code:${code.join("\n")}` : `title:${normalise(finding.title)}`;
  return createHash("sha256").update(`${finding.path}\0${basis}`).digest("hex").slice(0, 24);
}
