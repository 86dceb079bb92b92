import { compareSinceReview } from "../../github/compare-since-review.js";
import type { PullRequestFile } from "../../review/diff/diff-model.js";
import { plural } from "../../review/text/plural.js";
import { pullRequestKey } from "../../triggers/review-job.js";
import type { PullRequestSnapshot } from "../read/read-pull-request.js";
import type { ReviewRun } from "../services/review-run.js";

/** What the models see: the whole PR, or on a push only the commits since the last reviewed head. */
export type ReviewScopeDecision =
  | { kind: "skip" }
  /** `sincePush`: promptFiles are the commits since the last reviewed head (their diff can fix earlier findings). */
  | { kind: "review"; promptFiles: PullRequestFile[]; scopeNote: string | undefined; sincePush?: boolean };

/**
 * Stage 2, scope: full or incremental, skip or review, and the note that says which. A push whose head was already
 * reviewed, or that changed no file since, is skipped (and counted); after a rebase the whole PR is
 * reviewed again.
 */
export async function decideReviewScope(run: ReviewRun, snapshot: PullRequestSnapshot): Promise<ReviewScopeDecision> {
  const { octokit, ref, incremental, services, log } = run;
  const { pr, files } = snapshot;
  const whole = { kind: "review" as const, promptFiles: files, scopeNote: undefined };
  if (!incremental) return whole;
  const { store, metrics } = services;
  const prKey = pullRequestKey(ref);
  const reviewed = await store.lastReviewedHead(prKey);
  if (reviewed === pr.headSha) {
    metrics.skipped.inc({ reason: "head_already_reviewed" });
    log.info("skipped: this head was already reviewed");
    return { kind: "skip" };
  }
  if (!reviewed) return whole;
  const since = await compareSinceReview(octokit, ref, reviewed, pr.headSha);
  if (since.kind === "unchanged") {
    await store.recordReviewedHead(prKey, pr.headSha);
    metrics.skipped.inc({ reason: "push_changed_nothing" });
    log.info({ reviewed, head: pr.headSha }, "skipped: the push changed no file since the last review");
    return { kind: "skip" };
  }
  if (since.kind === "ahead") {
    const note = `Reviewed the ${plural(since.commits, "new commit")} since \`${reviewed.slice(0, 7)}\` (${plural(since.files.length, "file")}); earlier findings are not repeated.`;
    return { kind: "review", promptFiles: since.files, scopeNote: note, sincePush: true };
  }
  return { ...whole, scopeNote: "The branch history was rewritten since the last review, so the whole PR was reviewed again; earlier findings are not repeated." };
}
