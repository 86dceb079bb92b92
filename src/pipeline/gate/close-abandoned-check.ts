import { completeCheckRun } from "../../github/check-runs.js";
import type { GitHubClient, PullRef } from "../../github/github-client.js";
import type { ReviewLogger, ReviewServices } from "../services/review-services.js";
import { FAULT_TITLE } from "./check-verdict.js";
import { findHeadCheck } from "./find-head-check.js";
import { reportCheckRunError } from "./report-check-run-error.js";

/** The close is best-effort and must not hold the lane long when GitHub itself is what hung. */
const CLOSE_WITHIN_MS = 10_000;

/**
 * A review that passed REVIEW_TIMEOUT_MS cannot end its own check run (its writes are fenced off from then
 * on), so this does, at the deadline and before any retry starts: neutral, saying so. A retry opens the
 * same check again; if none is left, the check has still ended. Never throws.
 */
export async function closeAbandonedCheck(target: { octokit: GitHubClient; ref: PullRef; loadConfig: (file: string) => Promise<unknown> }, services: ReviewServices, log: ReviewLogger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const given = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WITHIN_MS)));
  await Promise.race([close(target, services, log), given]);
  clearTimeout(timer);
}

async function close(target: { octokit: GitHubClient; ref: PullRef; loadConfig: (file: string) => Promise<unknown> }, services: ReviewServices, log: ReviewLogger): Promise<void> {
  const { octokit, ref } = target;
  try {
    const check = (await findHeadCheck(target))?.check;
    if (!check || check.status === "completed") return;
    const seconds = Math.round(services.settings.reviewTimeoutMs / 1000);
    const summary = `The review did not finish within REVIEW_TIMEOUT_MS (${seconds} s); it is retried while attempts remain, and \`/glm review\` runs it again.`;
    await completeCheckRun(octokit, ref, check.id, { conclusion: "neutral", title: FAULT_TITLE, summary }, services.now(), { pastTheFence: true });
  } catch (error) {
    reportCheckRunError(services, log, ref.owner, error);
  }
}
