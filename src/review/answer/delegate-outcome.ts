import type { TokenUsage } from "./chat-outcome.js";
import type { Finding } from "./delegate-answer-schema.js";

/** The fuse: every way the one delegate pass can end. The renderer has a sentence for each. */
export type DelegateOutcome =
  /** `resolved`: earlier findings (by the id their prompt gave them) the diff fixed; absent in outcomes stored before it existed. */
  | { kind: "ok"; summary: string; findings: Finding[]; invalidFindings: number; resolved?: { id: string; reason: string }[]; usage: TokenUsage }
  | { kind: "rate_limited"; status: number; detail: string }
  /** `stalled`: the stream went silent for timeoutMs (DELEGATE_STALL_MS), not the overall DELEGATE_TIMEOUT_MS. */
  | { kind: "timeout"; timeoutMs: number; stalled?: boolean }
  | { kind: "out_of_output_budget"; maxTokens: number; effort?: string; usage: TokenUsage }
  /** The endpoint does not serve DELEGATE_MODEL (retired, unknown): nothing billed, the setting must change. */
  | { kind: "model_not_served"; model: string; status: number | undefined; detail: string }
  /** `limit` "usd": budget, spent and needed are US dollars (DAILY_BUDGET_USD); otherwise tokens. */
  | { kind: "daily_budget_spent"; limit: "app" | "repo" | "usd"; budget: number; spent: number; needed: number }
  | { kind: "bad_output"; reason: string; usage: TokenUsage }
  | { kind: "error"; status: number | undefined; detail: string }
  | { kind: "not_needed"; reason: string };

/** The answer's token usage, for the outcomes where the model answered at all. */
export const delegateUsage = (o: DelegateOutcome): TokenUsage | undefined =>
  o.kind === "ok" || o.kind === "out_of_output_budget" || o.kind === "bad_output" ? o.usage : undefined;
