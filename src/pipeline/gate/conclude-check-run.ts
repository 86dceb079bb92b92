import { completeCheckRun } from "../../github/check-runs.js";
import type { PullRequestInfo } from "../../github/fetch-pull-request.js";
import { pullRequestKey } from "../../triggers/review-job.js";
import type { ReviewRun } from "../services/review-run.js";
import { checkVerdict } from "./check-verdict.js";
import { reportCheckRunError } from "./report-check-run-error.js";

/**
 * The check run's end: its conclusion from the PR's finding records as they stand after the review (new
 * findings posted, earlier ones fixed, applied or dismissed), or neutral with `fault` when the app could
 * not do its part. Never throws: the review is already posted.
 */
export async function concludeCheckRun(run: Pick<ReviewRun, "octokit" | "ref" | "services" | "log" | "repoConfig">, checkRunId: number | null, pr: Pick<PullRequestInfo, "htmlUrl">, fault: string | null, note?: string): Promise<void> {
  if (checkRunId === null) return;
  try {
    const records = await run.services.store.findingRecords(pullRequestKey(run.ref));
    const verdict = checkVerdict(records, run.repoConfig.config.check_run, { fault, prUrl: pr.htmlUrl, note });
    await completeCheckRun(run.octokit, run.ref, checkRunId, verdict, run.services.now());
    run.log.info({ conclusion: verdict.conclusion, checkRun: checkRunId }, "check run completed");
  } catch (error) {
    reportCheckRunError(run.services, run.log, run.ref.owner, error);
  }
}
