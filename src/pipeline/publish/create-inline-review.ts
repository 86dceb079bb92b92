import type { InlineFinding } from "../placement/place-findings.js";
import type { GitHubClient, PullRef } from "../../github/github-client.js";

/**
 * One review, event COMMENT only (never APPROVE or REQUEST_CHANGES), on the commit the diff was read
 * from, so the RIGHT-side line numbers are the ones placement checked. Returns each comment's REST id
 * (null where GitHub's list of the review's comments did not show it): the identity its thread is
 * followed by later.
 */
export async function createInlineReview(
  octokit: GitHubClient,
  ref: PullRef,
  commitId: string,
  comments: { placed: InlineFinding; body: string }[],
  body: string,
): Promise<(number | null)[]> {
  const review = await octokit.rest.pulls.createReview({
    owner: ref.owner,
    repo: ref.repo,
    pull_number: ref.pullNumber,
    commit_id: commitId,
    event: "COMMENT",
    body,
    comments: comments.map(({ placed, body: commentBody }) => ({
      path: placed.finding.path,
      line: placed.line,
      side: "RIGHT" as const,
      ...(placed.startLine !== undefined ? { start_line: placed.startLine, start_side: "RIGHT" as const } : {}),
      body: commentBody,
    })),
  });
  return commentIdsOf(octokit, ref, review.data?.id, comments);
}

/** The review's comments as GitHub lists them, matched to ours by path, line and body; nulls when the list fails. */
async function commentIdsOf(octokit: GitHubClient, ref: PullRef, reviewId: number | undefined, comments: { placed: InlineFinding; body: string }[]): Promise<(number | null)[]> {
  if (typeof reviewId !== "number") return comments.map(() => null);
  try {
    const listed = await octokit.paginate(octokit.rest.pulls.listCommentsForReview, { owner: ref.owner, repo: ref.repo, pull_number: ref.pullNumber, review_id: reviewId, per_page: 100 });
    const taken = new Set<number>();
    return comments.map(({ placed, body }) => {
      const match = listed.find((c) => !taken.has(c.id) && c.path === placed.finding.path && (c.line ?? c.original_line) === placed.line && c.body.trim() === body.trim())
        ?? listed.find((c) => !taken.has(c.id) && c.path === placed.finding.path && (c.line ?? c.original_line) === placed.line);
      if (!match) return null;
      taken.add(match.id);
      return match.id;
    });
  } catch {
    return comments.map(() => null);
  }
}
