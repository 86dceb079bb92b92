import { SUMMARY_MARKER } from "./render-summary-comment.js";
import type { GitHubClient, PullRef } from "../../github/github-client.js";

/**
 * Keeps one summary comment per PR: found by the hidden marker at the very start of a comment, created
 * once, edited in place after that. A bot-written match wins, so a human comment that starts with the
 * marker is only ever edited when no comment of ours exists (never a second summary either way).
 */
export class SummaryCommentWriter {
  #commentId: number | undefined;

  constructor(private readonly octokit: GitHubClient, private readonly ref: PullRef) {}

  async #find(): Promise<number | undefined> {
    const comments = await this.octokit.paginate(this.octokit.rest.issues.listComments, {
      owner: this.ref.owner,
      repo: this.ref.repo,
      issue_number: this.ref.pullNumber,
      per_page: 100,
    });
    const marked = comments.filter((c) => (c.body ?? "").startsWith(SUMMARY_MARKER));
    return (marked.find((c) => c.user?.type === "Bot") ?? marked[0])?.id;
  }

  /** Creates or edits the summary; returns the comment id. */
  async write(body: string): Promise<number> {
    const { owner, repo } = this.ref;
    this.#commentId ??= await this.#find();
    if (this.#commentId !== undefined) {
      await this.octokit.rest.issues.updateComment({ owner, repo, comment_id: this.#commentId, body });
      return this.#commentId;
    }
    const { data } = await this.octokit.rest.issues.createComment({ owner, repo, issue_number: this.ref.pullNumber, body });
    this.#commentId = data.id;
    return data.id;
  }
}
