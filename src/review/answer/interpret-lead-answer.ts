import type { ChatOutcome, TokenUsage } from "./chat-outcome.js";

/** The lead's part of a review: its summary, or why there is none (the summary is then a file list). */
export type LeadResult =
  | {
      kind: "ok";
      text: string;
      model: string;
      usage?: TokenUsage;
      /** What the lead's further calls named on a PR too big for one reading (risky files, one line each). */
      triage?: string[];
      calls?: number;
      /** Files whose hunks some lead call read. */
      filesSkimmed?: number;
    }
  | { kind: "failed"; reason: string; model: string; usage?: TokenUsage }
  | { kind: "disabled" };

/** One lead call's outcome as the summary shows it: any failure becomes a short reason, never an exception. */
export function interpretLeadAnswer(outcome: ChatOutcome, model: string): LeadResult {
  if (outcome.kind === "answered") {
    const text = outcome.content.trim();
    const usage = outcome.usage ? { usage: outcome.usage } : {};
    if (text) return { kind: "ok", text, model, ...usage };
    return { kind: "failed", reason: `empty answer (finish_reason ${outcome.finishReason ?? "missing"})`, model, ...usage };
  }
  const reason =
    outcome.kind === "timeout" ? `no answer within ${Math.round(outcome.timeoutMs / 1000)} s${outcome.stalled ? " (the stream stalled)" : ""}` :
    outcome.kind === "rate_limited" ? `rate limited (${outcome.status})` :
    outcome.kind === "not_served" ? `LEAD_MODEL \`${model}\` is not served by this endpoint (it says: ${outcome.detail}); set LEAD_MODEL to a current model` :
    outcome.kind === "cut" ? outcome.detail :
    `${outcome.status ? `HTTP ${outcome.status}: ` : ""}${outcome.detail}`;
  return { kind: "failed", reason, model };
}
