import type { PullRequestFile } from "../review/diff-model.js";
import type { GitHubClient, PullRef } from "./github-client.js";

/** GitHub's files endpoint stops at 3,000 files; it works where the .diff media type answers 406. */
export async function listPullRequestFiles(octokit: GitHubClient, ref: PullRef): Promise<PullRequestFile[]> {
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
    owner: ref.owner,
    repo: ref.repo,
    pull_number: ref.pullNumber,
    per_page: 100,
  });
  return files.map((f) => ({
    filename: f.filename,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.changes,
    patch: f.patch,
    previous_filename: f.previous_filename,
  }));
}
