import { CHECK_RUN_NAME } from "./check-run-name.js";
import type { TriggerDecision } from "./review-job.js";

export interface CheckRunPayloadLike {
  action?: unknown;
  check_run?: { name?: unknown; pull_requests?: unknown } | null;
  repository?: { name?: unknown; owner?: { login?: unknown } | null } | null;
  sender?: { type?: unknown } | null;
}

/**
 * check_run.rerequested on the app's "GLM Review" check -> a review of the PR, like `/glm review`. GitHub
 * shows Re-run only to people who may re-run checks, so there is no gate to pass. The payload names the
 * PRs of the same repository whose head is the check's; a fork's PR is not listed, so there the
 * command is the way.
 */
export function decideCheckRunTrigger(deliveryId: string, payload: CheckRunPayloadLike): TriggerDecision {
  if (payload.action !== "rerequested") return { run: false, code: "not_a_trigger", reason: `check_run.${String(payload.action)} is not a review trigger` };
  if (payload.check_run?.name !== CHECK_RUN_NAME) return { run: false, code: "not_a_trigger", reason: "Re-run of another check" };
  if (payload.sender?.type === "Bot") return { run: false, code: "bot", reason: "Re-run by a bot" };
  const owner = payload.repository?.owner?.login;
  const repo = payload.repository?.name;
  const pulls = payload.check_run.pull_requests;
  if (typeof owner !== "string" || typeof repo !== "string" || !Array.isArray(pulls)) return { run: false, code: "malformed_payload", reason: "malformed check_run payload" };
  const pullNumber = (pulls[0] as { number?: unknown } | undefined)?.number;
  if (typeof pullNumber !== "number") {
    return { run: false, code: "not_a_pull_request", reason: "the check's commit is the head of no pull request in this repository (a fork's PR is not listed); comment /glm review on the PR instead" };
  }
  return { run: true, job: { deliveryId, trigger: "rerun", owner, repo, pullNumber, draft: undefined, command: undefined } };
}
