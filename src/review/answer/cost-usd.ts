import type { TokenUsage } from "./chat-outcome.js";
import type { Prices } from "./prices.js";

/** What one answer cost in USD: cached prompt tokens at the cached price, the rest at the listed prices. */
export function costUsd(usage: TokenUsage, prices: Prices): number {
  const cached = Math.min(usage.cachedPrompt ?? 0, usage.prompt);
  return ((usage.prompt - cached) * prices.input + cached * prices.cachedInput + usage.completion * prices.output) / 1_000_000;
}

/** Two significant digits, never exponent notation: $0.021, $0.0004, $1.3. */
export function formatUsd(usd: number): string {
  if (usd === 0) return "$0";
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  const digits = Math.min(20, Math.max(2, 1 - Math.floor(Math.log10(usd))));
  return `$${usd.toFixed(digits).replace(/0+$/, "").replace(/\.$/, "")}`;
}
