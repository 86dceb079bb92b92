import { fetchPullRequest, type PullRequestInfo } from "../../github/fetch-pull-request.js";
import type { GitHubClient, PullRef } from "../../github/github-client.js";
import { listPullRequestFiles } from "../../github/list-pull-request-files.js";
import type { PullRequestFile } from "../../review/diff/diff-model.js";

/** The PR as GitHub has it now: its head, text and every changed file (paginated). */
export interface PullRequestSnapshot {
  pr: PullRequestInfo;
  files: PullRequestFile[];
}

export async function readPullRequest(octokit: GitHubClient, ref: PullRef): Promise<PullRequestSnapshot> {
  const pr = await fetchPullRequest(octokit, ref);
  const files = await listPullRequestFiles(octokit, ref);
  return { pr, files };
}
