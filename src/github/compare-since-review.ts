import type { PullRequestFile } from "../review/diff/diff-model.js";
import type { GitHubClient, PullRef } from "./github-client.js";
import { httpStatusOf } from "./github-client.js";
import { toPullRequestFile } from "./to-pull-request-file.js";

export type ChangesSinceReview =
  /** Same tree as the reviewed head (e.g. a force-push that only reworded a commit): nothing to review. */
  | { kind: "unchanged" }
  /** New commits on top of the reviewed head: just their diff. */
  | { kind: "ahead"; files: PullRequestFile[]; commits: number }
  /** History rewritten (rebase) or the old head is gone: review the whole PR again. */
  | { kind: "rewritten" };

/** What changed between the last reviewed head and the new one (GitHub's compare API). */
export async function compareSinceReview(octokit: GitHubClient, ref: PullRef, reviewedSha: string, headSha: string): Promise<ChangesSinceReview> {
  let data;
  try {
    ({ data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner: ref.owner, repo: ref.repo, basehead: `${reviewedSha}...${headSha}` }));
  } catch (error) {
    if (httpStatusOf(error) === 404) return { kind: "rewritten" };
    throw error;
  }
  const headTree = data.commits.at(-1)?.commit.tree.sha;
  if (data.status === "identical" || (headTree !== undefined && headTree === data.base_commit.commit.tree.sha)) return { kind: "unchanged" };
  if (data.status !== "ahead") return { kind: "rewritten" };
  return { kind: "ahead", files: (data.files ?? []).map(toPullRequestFile), commits: data.total_commits };
}
