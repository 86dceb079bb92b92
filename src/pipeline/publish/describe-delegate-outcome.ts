import type { DelegateOutcome } from "../../review/answer/delegate-outcome.js";
import { formatCount } from "../../review/text/format-count.js";
import { plural } from "../../review/text/plural.js";
import { formatUsd } from "../../review/answer/cost-usd.js";

const n = formatCount;
const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);
const LEAD_ONLY = "this is the lead's summary only.";
/** Every outcome that a new trigger could change ends with the one command that retries. */
const RETRY = "Comment `/glm review` to try again.";

/** One plain sentence per outcome: what the delegate did, or why the comment has only the lead's part. */
export function describeDelegateOutcome(outcome: DelegateOutcome, label: string): string {
  switch (outcome.kind) {
    case "ok": {
      const count = outcome.findings.length;
      const invalid = outcome.invalidFindings > 0 ? ` (${plural(outcome.invalidFindings, "malformed finding")} skipped)` : "";
      return `${label} reviewed the diff in one pass and reported ${count === 0 ? "no findings" : plural(count, "finding")}${invalid}.`;
    }
    case "rate_limited":
      return `${label} was rate limited (${outcome.status}); ${LEAD_ONLY} ${RETRY}`;
    case "timeout":
      return outcome.stalled
        ? `${label} stalled and timed out: its stream sent nothing for ${duration(outcome.timeoutMs)} (DELEGATE_STALL_MS); ${LEAD_ONLY} ${RETRY}`
        : `${label} did not answer within ${duration(outcome.timeoutMs)} (DELEGATE_TIMEOUT_MS); ${LEAD_ONLY} ${RETRY}`;
    case "out_of_output_budget": {
      const effort = outcome.effort ? ` at DELEGATE_REASONING_EFFORT=${outcome.effort}` : "";
      return `${label} spent its whole output budget (DELEGATE_MAX_TOKENS=${outcome.maxTokens}) on reasoning${effort} and gave no answer; raise DELEGATE_MAX_TOKENS or lower DELEGATE_REASONING_EFFORT. ${LEAD_ONLY[0]?.toUpperCase()}${LEAD_ONLY.slice(1)} ${RETRY}`;
    }
    case "model_not_served":
      return `DELEGATE_MODEL ${"`"}${outcome.model}${"`"} is not served by this endpoint (it says: ${outcome.detail}); set DELEGATE_MODEL to a current model. Nothing was billed; ${LEAD_ONLY}`;
    case "daily_budget_spent": {
      if (outcome.limit === "usd") {
        return `${label} was not called: today's delegate budget in dollars (DAILY_BUDGET_USD=${formatUsd(outcome.budget)}) has ${formatUsd(Math.max(0, outcome.budget - outcome.spent))} left and this review may cost up to ${formatUsd(outcome.needed)}; it resets at 00:00 UTC, and ${LEAD_ONLY}`;
      }
      const which = outcome.limit === "repo" ? `this repository's daily cap (daily_token_cap=${n(outcome.budget)} in .github/glm-review.yml)` : `today's delegate budget (DAILY_TOKEN_BUDGET=${n(outcome.budget)})`;
      return `${label} was not called: ${which} has ${n(Math.max(0, outcome.budget - outcome.spent))} tokens left and this review needs up to ${n(outcome.needed)}; it resets at 00:00 UTC, and ${LEAD_ONLY}`;
    }
    case "bad_output":
      return `${label} answered, but not in the expected JSON shape (${outcome.reason}); ${LEAD_ONLY} ${RETRY}`;
    case "error":
      return `${label} failed (${outcome.status ? `HTTP ${outcome.status}: ` : ""}${outcome.detail}); ${LEAD_ONLY} ${RETRY}`;
    case "not_needed":
      return `${label} was not called: ${outcome.reason}.`;
  }
}
