import type { PullRequestFile } from "../review/diff/diff-model.js";
import type { GitHubClient, PullRef } from "./github-client.js";
import { toPullRequestFile } from "./to-pull-request-file.js";

/** GitHub's files endpoint stops at 3,000 files; it works where the .diff media type answers 406. */
export async function listPullRequestFiles(octokit: GitHubClient, ref: PullRef): Promise<PullRequestFile[]> {
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
    owner: ref.owner,
    repo: ref.repo,
    pull_number: ref.pullNumber,
    per_page: 100,
  });
  return files.map(toPullRequestFile);
}
