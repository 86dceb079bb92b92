import type { DelegateOutcome } from "../../review/answer/delegate-outcome.js";
import { fingerprintFinding } from "./fingerprint-finding.js";
import { placeFindings, type Placement } from "./place-findings.js";
import { pullRequestKey } from "../../triggers/review-job.js";
import type { ReviewInput } from "../mask/build-review-input.js";
import type { PullRequestSnapshot } from "../read/read-pull-request.js";
import type { ReviewRun } from "../services/review-run.js";

export interface NewFindings {
  /** Inline findings never posted on this PR before, and the summary-only ones. */
  placement: Placement | null;
  /** Each fresh inline finding's fingerprint, recorded once the review is posted. */
  fingerprints: string[];
  /** Findings on code already commented on earlier in this PR: not posted again. */
  repeated: number;
}

/** Stage 6, placement: the delegate's findings placed on the whole PR's diff, minus those already posted on this PR. */
export async function placeNewFindings(run: ReviewRun, { outcome, input, snapshot }: { outcome: DelegateOutcome; input: ReviewInput; snapshot: PullRequestSnapshot }): Promise<NewFindings> {
  if (outcome.kind !== "ok") return { placement: null, fingerprints: [], repeated: 0 };
  const { prDiff } = input;
  const prPaths = new Set(snapshot.files.map((f) => f.filename));
  const maxFindings = run.repoConfig.config.max_findings;
  const store = run.services.store;
  const prKey = pullRequestKey(run.ref);
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
