import { fetchPullRequest, type PullRequestInfo } from "../../github/fetch-pull-request.js";
import { listPullRequestFiles } from "../../github/list-pull-request-files.js";
import type { PullRequestFile } from "../../review/diff/diff-model.js";
import type { ReviewRun } from "../services/review-run.js";

/** The PR as GitHub has it now: its head, text and every changed file (paginated). */
export interface PullRequestSnapshot {
  pr: PullRequestInfo;
  files: PullRequestFile[];
}

/** Stage 1, read: the PR and its files. */
export async function readPullRequest({ octokit, ref }: Pick<ReviewRun, "octokit" | "ref">): Promise<PullRequestSnapshot> {
  const pr = await fetchPullRequest(octokit, ref);
  const files = await listPullRequestFiles(octokit, ref);
  return { pr, files };
}
