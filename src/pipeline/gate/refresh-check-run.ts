import { completeCheckRun } from "../../github/check-runs.js";
import { pullRequestKey } from "../../triggers/review-job.js";
import type { ReviewRun } from "../services/review-run.js";
import { checkVerdict, FAULT_TITLE } from "./check-verdict.js";
import { findHeadCheck } from "./find-head-check.js";
import { reportCheckRunError } from "./report-check-run-error.js";

/**
 * A finding's state changed between reviews (a person dismissed it, or reopened it): the head's check run,
 * when the gate is on and that run has ended, gets its new conclusion. A check still in progress is left
 * to its review, which concludes from the same records; one that ended on an app-side fault stays neutral.
 */
export async function refreshCheckRun(run: Pick<ReviewRun, "octokit" | "ref" | "services" | "log">, loadConfig: (file: string) => Promise<unknown>): Promise<void> {
  try {
    const head = await findHeadCheck({ octokit: run.octokit, ref: run.ref, loadConfig });
    if (!head || head.check.status !== "completed" || head.check.title === FAULT_TITLE) return;
    const { gate, pr, check } = head;
    const records = await run.services.store.findingRecords(pullRequestKey(run.ref));
    const verdict = checkVerdict(records, gate, { fault: null, prUrl: pr.htmlUrl });
    await completeCheckRun(run.octokit, run.ref, check.id, verdict, run.services.now());
    run.log.info({ conclusion: verdict.conclusion, checkRun: check.id }, "check run updated after a finding changed");
  } catch (error) {
    reportCheckRunError(run.services, run.log, run.ref.owner, error);
  }
}
