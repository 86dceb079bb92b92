import type { TriggerDecision } from "./review-job.js";

/** `/glm review` at the start of the comment (leading blank lines allowed), as a whole word. */
export const REVIEW_COMMAND = /^\s*\/glm\s+review(?=\s|$)/i;

export interface IssueCommentPayloadLike {
  action?: unknown;
  comment?: { id?: unknown; body?: unknown; user?: { login?: unknown; type?: unknown } | null } | null;
  issue?: { number?: unknown; pull_request?: unknown } | null;
  repository?: { name?: unknown; owner?: { login?: unknown } | null } | null;
  sender?: { login?: unknown; type?: unknown } | null;
}

/**
 * issue_comment webhook -> a review job, or why not. Bots (the app itself included) are refused here;
 * the permission check needs GitHub and runs in the worker, after the webhook is answered.
 */
export function decideCommandTrigger(deliveryId: string, payload: IssueCommentPayloadLike): TriggerDecision {
  if (payload.action !== "created") return { run: false, code: "not_a_trigger", reason: `issue_comment.${String(payload.action)} is not a command` };
  const body = payload.comment?.body;
  if (typeof body !== "string" || !REVIEW_COMMAND.test(body)) return { run: false, code: "not_a_trigger", reason: "comment is not /glm review" };
  if (payload.sender?.type === "Bot" || payload.comment?.user?.type === "Bot") {
    return { run: false, code: "bot", reason: "comment from a bot" };
  }
  if (!payload.issue?.pull_request) return { run: false, code: "not_a_pull_request", reason: "/glm review on an issue, not a pull request" };
  const owner = payload.repository?.owner?.login;
  const repo = payload.repository?.name;
  const pullNumber = payload.issue.number;
  const commentId = payload.comment?.id;
  const login = payload.sender?.login;
  if (typeof owner !== "string" || typeof repo !== "string" || typeof pullNumber !== "number" || typeof commentId !== "number" || typeof login !== "string") {
    return { run: false, code: "malformed_payload", reason: "malformed issue_comment payload" };
  }
  return {
    run: true,
    job: { deliveryId, trigger: "command", owner, repo, pullNumber, draft: undefined, command: { commentId, login } },
  };
}
