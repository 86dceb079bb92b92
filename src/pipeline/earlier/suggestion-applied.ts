import type { HeadFile } from "../../review/diff/head-file.js";
import type { FindingRecord } from "../../store/finding-record.js";

/** How far the lines may have moved (other changes above them) and still be the finding's place. */
const DRIFT_LINES = 30;

/**
 * Whether the head holds the finding's one-click suggestion at its lines, as after GitHub's "Commit
 * suggestion": the suggestion's lines, in order, starting at the finding's first line or within a few
 * lines of it. An empty suggestion (a deletion) cannot be seen and is never counted as applied.
 */
export function suggestionApplied(record: FindingRecord, head: HeadFile): boolean {
  if (record.suggestion === null || record.suggestion === "" || head.kind !== "read") return false;
  const wanted = record.suggestion.replace(/\r\n/g, "\n").split("\n");
  const lines = head.text.replace(/\r\n/g, "\n").split("\n");
  const first = (record.startLine ?? record.line) - 1;
  const holdsAt = (at: number) => at >= 0 && wanted.every((line, i) => lines[at + i] === line);
  if (holdsAt(first)) return true;
  for (let drift = 1; drift <= DRIFT_LINES; drift++) if (holdsAt(first + drift) || holdsAt(first - drift)) return true;
  return false;
}
