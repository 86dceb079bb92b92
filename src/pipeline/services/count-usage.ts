import type { TokenUsage } from "../../review/answer/chat-outcome.js";
import { costUsd } from "../../review/answer/cost-usd.js";
import type { Prices } from "../../settings/settings-schema.js";
import type { ReviewServices } from "./review-services.js";

export type ModelRole = "lead" | "delegate" | "coder";

/** One answer's tokens (and their price, when known) into /metrics; returns that price in USD, or null when unknown. */
export function countUsage(services: ReviewServices, role: ModelRole, usage: TokenUsage, prices: Prices | null): number | null {
  const { tokens, costUsd: cost } = services.metrics;
  tokens.inc({ role, kind: "prompt" }, usage.prompt);
  tokens.inc({ role, kind: "completion" }, usage.completion);
  if (usage.reasoning !== undefined) tokens.inc({ role, kind: "reasoning" }, usage.reasoning);
  if (usage.cachedPrompt !== undefined) tokens.inc({ role, kind: "cached_prompt" }, usage.cachedPrompt);
  if (!prices) return null;
  const usd = costUsd(usage, prices);
  cost.inc({ role }, usd);
  return usd;
}
