import type { ReviewTrigger, TriggerDecision } from "./review-job.js";

const REVIEWED_ACTIONS = new Set<string>(["opened", "reopened", "ready_for_review", "synchronize"]);

/** The subset of a pull_request payload this decision reads; validated here, not trusted. */
export interface PullRequestPayloadLike {
  action?: unknown;
  number?: unknown;
  pull_request?: { draft?: unknown; state?: unknown } | null;
  repository?: { name?: unknown; owner?: { login?: unknown } | null } | null;
  sender?: { type?: unknown } | null;
}

/** pull_request webhook -> a review job, or why not. Repo config (auto_review, drafts) is the worker's. */
export function decidePullRequestTrigger(deliveryId: string, payload: PullRequestPayloadLike): TriggerDecision {
  const action = typeof payload.action === "string" ? payload.action : "";
  if (!REVIEWED_ACTIONS.has(action)) return { run: false, code: "not_a_trigger", reason: `pull_request.${action || "?"} is not a review trigger` };
  const owner = payload.repository?.owner?.login;
  const repo = payload.repository?.name;
  const pullNumber = payload.number;
  if (typeof owner !== "string" || typeof repo !== "string" || typeof pullNumber !== "number" || !payload.pull_request) {
    return { run: false, code: "malformed_payload", reason: "malformed pull_request payload (repository, number or pull_request missing)" };
  }
  if (payload.pull_request.state === "closed") return { run: false, code: "closed", reason: "pull request is closed" };
  return {
    run: true,
    job: {
      deliveryId,
      trigger: action as ReviewTrigger,
      owner,
      repo,
      pullNumber,
      draft: payload.pull_request.draft === true,
      command: undefined,
    },
  };
}
