import type { ThreadEvent, TriggerDecision } from "./review-job.js";

/** `/glm` at the start of a reply, as a whole word; the rest says what is asked. */
const THREAD_COMMAND = /^\s*\/glm(?=\s|$)\s*([\s\S]*)$/i;
/** A question is kept (and later prompted) up to this many characters. */
export const MAX_QUESTION_CHARS = 2_000;

export interface ReviewCommentPayloadLike {
  action?: unknown;
  comment?: { id?: unknown; in_reply_to_id?: unknown; body?: unknown; user?: { login?: unknown; type?: unknown } | null } | null;
  pull_request?: { number?: unknown } | null;
  repository?: { name?: unknown; owner?: { login?: unknown } | null } | null;
  sender?: { login?: unknown; type?: unknown } | null;
}

type Asked = Pick<Extract<ThreadEvent, { kind: "dismiss" }>, "kind" | "reason"> | Pick<Extract<ThreadEvent, { kind: "question" }>, "kind" | "question">;

/** What a `/glm …` reply asks for: a dismissal, a question, or nothing this event does. */
function readCommand(body: string): Asked | { skip: string } {
  const rest = THREAD_COMMAND.exec(body)?.[1]?.trim();
  if (rest === undefined) return { skip: "reply is not a /glm command" };
  if (/^review(?=\s|$)/i.test(rest)) return { skip: "/glm review runs from a pull request comment, not a review thread" };
  const dismiss = /^dismiss(?=\s|$)\s*([\s\S]*)$/i.exec(rest);
  if (dismiss) return { kind: "dismiss", reason: (dismiss[1] ?? "").trim().slice(0, 500) };
  if (!rest) return { skip: "/glm without a question" };
  return { kind: "question", question: rest.slice(0, MAX_QUESTION_CHARS) };
}

/**
 * pull_request_review_comment -> a thread job, or why not. Only new replies count (edits and deletions
 * are ignored), only those starting with `/glm`, and never a bot's: the app never answers itself.
 */
export function decideThreadReplyTrigger(deliveryId: string, payload: ReviewCommentPayloadLike): TriggerDecision {
  if (payload.action !== "created") return { run: false, code: "not_a_trigger", reason: `pull_request_review_comment.${String(payload.action)} is not followed` };
  const body = payload.comment?.body;
  if (typeof body !== "string") return { run: false, code: "malformed_payload", reason: "malformed pull_request_review_comment payload" };
  const asked = readCommand(body);
  if ("skip" in asked) return { run: false, code: "not_a_trigger", reason: asked.skip };
  if (payload.sender?.type === "Bot" || payload.comment?.user?.type === "Bot") return { run: false, code: "bot", reason: "reply from a bot" };
  const owner = payload.repository?.owner?.login;
  const repo = payload.repository?.name;
  const pullNumber = payload.pull_request?.number;
  const commentId = payload.comment?.id;
  const replyTo = payload.comment?.in_reply_to_id;
  const login = payload.sender?.login;
  if (typeof owner !== "string" || typeof repo !== "string" || typeof pullNumber !== "number" || typeof commentId !== "number" || typeof login !== "string") {
    return { run: false, code: "malformed_payload", reason: "malformed pull_request_review_comment payload" };
  }
  if (typeof replyTo !== "number") return { run: false, code: "not_a_trigger", reason: "/glm in a new review comment, not a reply in a thread" };
  return { run: true, job: { deliveryId, trigger: "thread", owner, repo, pullNumber, draft: undefined, command: undefined, thread: { ...asked, commentId, replyTo, login } } };
}
