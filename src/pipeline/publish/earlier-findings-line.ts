import type { FindingState } from "../../store/finding-record.js";
import type { EarlierFindings } from "../earlier/follow-earlier-findings.js";

const ORDER: FindingState[] = ["fixed", "applied", "dismissed", "outdated", "open"];

/**
 * "Earlier findings: 2 fixed, 1 applied, 1 dismissed, 3 open." when the PR had findings before this
 * run; a note instead of the follow-up when the threads could not be read. Empty otherwise.
 */
export function earlierFindingsLine(earlier: EarlierFindings | undefined): string {
  if (!earlier) return "";
  const parts = earlier.counts ? ORDER.filter((state) => earlier.counts![state] > 0).map((state) => `${earlier.counts![state]} ${state}`) : [];
  const counts = parts.length > 0 ? `Earlier findings: ${parts.join(", ")}.` : "";
  const unreadable = earlier.unreadable ? `The earlier review threads could not be read (${earlier.unreadable.slice(0, 200)}); they are followed at the next review.` : "";
  return [counts, unreadable ? `_${unreadable}_` : ""].filter(Boolean).join("\n");
}
