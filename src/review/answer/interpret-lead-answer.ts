import type { ChatOutcome } from "./chat-outcome.js";

/** The lead's part of a review: its summary, or why there is none (the summary is then a file list). */
export type LeadResult =
  | { kind: "ok"; text: string; model: string }
  | { kind: "failed"; reason: string; model: string }
  | { kind: "disabled" };

/** One lead call's outcome as the summary shows it: any failure becomes a short reason, never an exception. */
export function interpretLeadAnswer(outcome: ChatOutcome, model: string): LeadResult {
  if (outcome.kind === "answered") {
    const text = outcome.content.trim();
    if (text) return { kind: "ok", text, model };
    return { kind: "failed", reason: `empty answer (finish_reason ${outcome.finishReason ?? "missing"})`, model };
  }
  const reason =
    outcome.kind === "timeout" ? `no answer within ${Math.round(outcome.timeoutMs / 1000)} s` :
    outcome.kind === "rate_limited" ? `rate limited (${outcome.status})` :
    `${outcome.status ? `HTTP ${outcome.status}: ` : ""}${outcome.detail}`;
  return { kind: "failed", reason, model };
}
