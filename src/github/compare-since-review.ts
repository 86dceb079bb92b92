import type { PullRequestFile } from "../review/diff-model.js";
import type { GitHubClient, PullRef } from "./github-client.js";
import { httpStatusOf } from "./github-client.js";

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
  const files = (data.files ?? []).map((f) => ({
    filename: f.filename,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.changes,
    patch: f.patch,
    previous_filename: f.previous_filename,
  }));
  return { kind: "ahead", files, commits: data.total_commits };
}
