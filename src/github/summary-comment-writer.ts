import { SUMMARY_MARKER } from "../review/render-summary-comment.js";
import type { GitHubClient, PullRef } from "./github-client.js";

/**
 * Keeps one summary comment per PR: found by the hidden marker on a comment written by a bot (so a
 * human quoting the marker is never edited), created once, edited in place after that.
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
    return comments.find((c) => c.user?.type === "Bot" && (c.body ?? "").startsWith(SUMMARY_MARKER))?.id;
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
