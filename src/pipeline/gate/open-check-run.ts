import { createCheckRun, findCheckRun, restartCheckRun } from "../../github/check-runs.js";
import type { PullRequestInfo } from "../../github/fetch-pull-request.js";
import { modelLabel } from "../../review/text/model-label.js";
import type { ReviewRun } from "../services/review-run.js";
import { reportCheckRunError } from "./report-check-run-error.js";

/**
 * The merge gate's start, when the repository opted in (`check_run.enabled`): the head's "GLM Review"
 * check run in progress, a new one on a new head or the same one again on a retry, `/glm review` or
 * Re-run. Null when the gate is off or GitHub refused it (the review goes on).
 */
export async function openCheckRun(run: ReviewRun, pr: PullRequestInfo): Promise<number | null> {
  if (!run.repoConfig.config.check_run.enabled) return null;
  const output = { title: `Reviewing: the lead's summary, then ${modelLabel(run.services.settings.delegate.model)}'s one pass`, summary: "The review is running; this check ends when its result is posted." };
  const now = run.services.now();
  try {
    const existing = await findCheckRun(run.octokit, run.ref, pr.headSha);
    if (!existing) return await createCheckRun(run.octokit, run.ref, pr.headSha, output, now);
    await restartCheckRun(run.octokit, run.ref, existing.id, output, now);
    return existing.id;
  } catch (error) {
    reportCheckRunError(run.services, run.log, run.ref.owner, error);
    return null;
  }
}
