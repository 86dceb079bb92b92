/** "rerun": GitHub's Re-run button on the app's check run (like `/glm review`, without a comment to answer). */
export type ReviewTrigger = "opened" | "reopened" | "ready_for_review" | "synchronize" | "command" | "rerun" | "thread";

/**
 * What happened in a review thread: a person resolved or unresolved it (pull_request_review_thread), or
 * replied `/glm dismiss …` or `/glm <question>` (pull_request_review_comment). `replyTo` is the thread's
 * first comment, the one the app posted when the thread is the app's.
 */
export type ThreadEvent =
  | { kind: "resolved" | "unresolved"; threadId: string; commentIds: number[]; login: string; outdated: boolean }
  | { kind: "dismiss"; commentId: number; replyTo: number; login: string; reason: string }
  | { kind: "question"; commentId: number; replyTo: number; login: string; question: string };

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
  /** Set for the thread events: a finding's life, not a review (trigger "thread"). */
  thread?: ThreadEvent;
}

/** Why a webhook is not reviewed: a short code (a bounded metric label) and a sentence for the log. */
export type SkipCode = "not_a_trigger" | "bot" | "not_a_pull_request" | "closed" | "malformed_payload";

/** Pushes and PR events: a newer one for the same PR makes an older queued one pointless. Commands and thread events are each their own. */
export const supersedable = (job: Pick<ReviewJob, "command" | "thread">): boolean => job.command === undefined && job.thread === undefined;

export type TriggerDecision = { run: true; job: ReviewJob } | { run: false; code: SkipCode; reason: string };

export const pullRequestKey = (job: Pick<ReviewJob, "owner" | "repo" | "pullNumber">): string =>
  `${job.owner}/${job.repo}#${job.pullNumber}`.toLowerCase();
