export type ReviewTrigger = "opened" | "reopened" | "ready_for_review" | "synchronize" | "command";

/** Everything the worker needs to run one review, taken from the webhook payload alone. */
export interface ReviewJob {
  deliveryId: string;
  trigger: ReviewTrigger;
  owner: string;
  repo: string;
  pullNumber: number;
  /** Set for pull_request triggers: the worker applies auto_review / review_drafts from the repo config. */
  draft: boolean | undefined;
  /** Set for the /glm review command: who asked, and which comment to react to. */
  command: { commentId: number; login: string } | undefined;
}

/** Why a webhook is not reviewed: a short code (a bounded metric label) and a sentence for the log. */
export type SkipCode = "not_a_trigger" | "bot" | "not_a_pull_request" | "closed" | "malformed_payload";

export type TriggerDecision = { run: true; job: ReviewJob } | { run: false; code: SkipCode; reason: string };

export const pullRequestKey = (job: Pick<ReviewJob, "owner" | "repo" | "pullNumber">): string =>
  `${job.owner}/${job.repo}#${job.pullNumber}`.toLowerCase();
