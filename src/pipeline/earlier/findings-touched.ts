import type { DiffModel, Hunk } from "../../review/diff/diff-model.js";
import type { FindingRecord } from "../../store/finding-record.js";

/** The old-side lines a hunk replaces: [first, last], or an insertion point (`last` < `first`). */
function oldRange(hunk: Hunk): { first: number; last: number } {
  const removedOrKept = hunk.lines.filter((l) => l[0] === " " || l[0] === "-").length;
  return { first: hunk.oldStart, last: hunk.oldStart + removedOrKept - 1 };
}

/** Whether a hunk changed any of lines start..end of the old side (lines inserted between them count). */
function changes(hunk: Hunk, start: number, end: number): boolean {
  let line = hunk.oldStart;
  for (const raw of hunk.lines) {
    if (raw[0] === "-" && line >= start && line <= end) return true;
    if (raw[0] === "+" && line > start && line <= end) return true;
    if (raw[0] === " " || raw[0] === "-") line++;
  }
  const { first, last } = oldRange(hunk);
  return last < first && first > start && first <= end;
}

/**
 * The open findings whose lines a push's diff changed: only these are shown to the delegate as
 * candidates for "fixed". The lines are those the finding was posted on, read as the old side of the
 * push's diff (the last reviewed head), so a finding posted before several later pushes is matched
 * where it stood when posted.
 */
export function findingsTouched(open: readonly FindingRecord[], pushDiff: DiffModel): FindingRecord[] {
  return open.filter((record) => {
    const file = pushDiff.files.find((f) => f.path === record.path);
    return file?.hunks.some((hunk) => changes(hunk, record.startLine ?? record.line, record.line)) ?? false;
  });
}

/** The token a finding is named by in the delegate's prompt and answer. */
export const findingToken = (record: FindingRecord): string => record.fingerprint.slice(0, 10);
