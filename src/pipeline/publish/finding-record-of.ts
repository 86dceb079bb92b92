import type { FindingRecord } from "../../store/finding-record.js";
import type { InlineFinding } from "../placement/place-findings.js";
import type { CheckedSuggestion } from "../suggestions/check-suggestion.js";

/** A just-posted inline finding as the store keeps it: open, with its comment id and the suggestion it offered one-click. */
export function findingRecord(placed: InlineFinding, fingerprint: string, commentId: number | null, check: CheckedSuggestion | undefined, headSha: string): FindingRecord {
  const { finding } = placed;
  return {
    fingerprint,
    commentId,
    threadId: null,
    path: finding.path,
    startLine: placed.startLine ?? null,
    line: placed.line,
    severity: finding.severity,
    title: finding.title,
    suggestion: check?.kind === "offer" ? check.lines.join("\n") : null,
    state: "open",
    postedOn: headSha,
  };
}
