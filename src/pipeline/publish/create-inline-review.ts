import type { InlineFinding } from "../placement/place-findings.js";
import type { GitHubClient, PullRef } from "../../github/github-client.js";

/**
 * One review, event COMMENT only (never APPROVE or REQUEST_CHANGES), on the commit the diff was read
 * from, so the RIGHT-side line numbers are the ones placement checked.
 */
export async function createInlineReview(
  octokit: GitHubClient,
  ref: PullRef,
  commitId: string,
  comments: { placed: InlineFinding; body: string }[],
  body: string,
): Promise<void> {
  await octokit.rest.pulls.createReview({
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
}
