import { fetchPullRequest } from "../../github/fetch-pull-request.js";
import type { ReviewRun } from "../services/review-run.js";
import { concludeCheckRun } from "./conclude-check-run.js";
import { openCheckRun } from "./open-check-run.js";
import { reportCheckRunError } from "./report-check-run-error.js";

/**
 * A trigger the repository's rules do not review (push reviews off, auto_review off, a draft): with the
 * merge gate on, the head still gets its check, concluded from the findings as they stand, with `note`
 * saying why nothing was reviewed.
 */
export async function checkWithoutReview(run: ReviewRun, note: string): Promise<void> {
  if (!run.repoConfig.config.check_run.enabled) return;
  let pr;
  try {
    pr = await fetchPullRequest(run.octokit, run.ref);
  } catch (error) {
    reportCheckRunError(run.services, run.log, run.ref.owner, error);
    return;
  }
  await concludeCheckRun(run, await openCheckRun(run, pr), pr, null, note);
}
