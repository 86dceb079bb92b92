import type { GitHubClient, PullRef } from "./github-client.js";

export interface PullRequestInfo {
  title: string;
  body: string;
  headSha: string;
  draft: boolean;
  state: string;
  /** The PR's page (links to its threads: `#discussion_r<comment id>`). */
  htmlUrl: string;
  /** The base repository's default branch (where the configuration and instruction files are read). */
  defaultBranch: string | undefined;
}

export async function fetchPullRequest(octokit: GitHubClient, ref: PullRef): Promise<PullRequestInfo> {
  const { data } = await octokit.rest.pulls.get({ owner: ref.owner, repo: ref.repo, pull_number: ref.pullNumber });
  return { title: data.title ?? "", body: data.body ?? "", headSha: data.head.sha, draft: data.draft === true, state: data.state, htmlUrl: data.html_url, defaultBranch: data.base?.repo?.default_branch };
}
