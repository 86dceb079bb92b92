import type { TriggerDecision } from "./review-job.js";

export interface ThreadPayloadLike {
  action?: unknown;
  thread?: { node_id?: unknown; comments?: unknown } | null;
  pull_request?: { number?: unknown; state?: unknown } | null;
  repository?: { name?: unknown; owner?: { login?: unknown } | null } | null;
  sender?: { login?: unknown; type?: unknown } | null;
}

interface CommentLike {
  id?: unknown;
  line?: unknown;
  position?: unknown;
}

/**
 * pull_request_review_thread (resolved, unresolved) -> a thread job, or why not. The app's own
 * resolutions come back as events from a bot and stop here; whether the thread is one of the app's,
 * and whether the person may dismiss, is the worker's (it needs the store and GitHub).
 */
export function decideThreadTrigger(deliveryId: string, payload: ThreadPayloadLike): TriggerDecision {
  const action = payload.action;
  if (action !== "resolved" && action !== "unresolved") return { run: false, code: "not_a_trigger", reason: `pull_request_review_thread.${String(action)} is not followed` };
  if (payload.sender?.type === "Bot") return { run: false, code: "bot", reason: `thread ${action} by a bot` };
  const owner = payload.repository?.owner?.login;
  const repo = payload.repository?.name;
  const pullNumber = payload.pull_request?.number;
  const threadId = payload.thread?.node_id;
  const login = payload.sender?.login;
  const comments = Array.isArray(payload.thread?.comments) ? (payload.thread.comments as (CommentLike | null)[]) : null;
  const commentIds = comments?.flatMap((c) => (typeof c?.id === "number" ? [c.id] : []));
  if (typeof owner !== "string" || typeof repo !== "string" || typeof pullNumber !== "number" || typeof threadId !== "string" || typeof login !== "string" || !commentIds?.length) {
    return { run: false, code: "malformed_payload", reason: "malformed pull_request_review_thread payload" };
  }
  // GitHub gives an outdated comment (its lines changed since) no current line or position.
  const first = comments?.[0];
  const outdated = first?.line === null && first.position === null;
  return {
    run: true,
    job: { deliveryId, trigger: "thread", owner, repo, pullNumber, draft: undefined, command: undefined, thread: { kind: action, threadId, commentIds, login, outdated } },
  };
}
