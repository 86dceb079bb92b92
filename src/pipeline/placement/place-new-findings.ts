import type { DelegateOutcome } from "../../review/answer/delegate-outcome.js";
import type { DiffModel } from "../../review/diff/diff-model.js";
import { fingerprintFinding } from "./fingerprint-finding.js";
import { placeFindings, type Placement } from "./place-findings.js";
import type { ReviewStore } from "../../store/review-store.js";

export interface NewFindings {
  /** Inline findings never posted on this PR before, and the summary-only ones. */
  placement: Placement | null;
  /** Each fresh inline finding's fingerprint, recorded once the review is posted. */
  fingerprints: string[];
  /** Findings on code already commented on earlier in this PR: not posted again. */
  repeated: number;
}

/** The delegate's findings placed on the whole PR's diff, minus those already posted on this PR. */
export async function placeNewFindings(
  outcome: DelegateOutcome,
  prDiff: DiffModel,
  prPaths: Set<string>,
  maxFindings: number,
  store: ReviewStore,
  prKey: string,
): Promise<NewFindings> {
  if (outcome.kind !== "ok") return { placement: null, fingerprints: [], repeated: 0 };
  const placed = placeFindings(outcome.findings, prDiff, prPaths, maxFindings);
  const posted = await store.postedFindings(prKey);
  const fresh = placed.inline
    .map((inline) => ({ inline, fingerprint: fingerprintFinding(inline.finding, prDiff) }))
    .filter((f) => !posted.has(f.fingerprint));
  return {
    placement: { ...placed, inline: fresh.map((f) => f.inline) },
    fingerprints: fresh.map((f) => f.fingerprint),
    repeated: placed.inline.length - fresh.length,
  };
}
