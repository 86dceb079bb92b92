import type { TokenUsage } from "../../review/answer/chat-outcome.js";
import { costUsd } from "../../review/answer/cost-usd.js";
import type { ReviewStore } from "../../store/review-store.js";
import type { Settings } from "../../settings/settings-schema.js";

/**
 * DAILY_BUDGET_USD bounds the delegate's spend, not every role's: the delegate is the expensive, budgeted
 * call (the fuse), while the lead's summary must land even on a day whose budget is spent; the lead and
 * coder are bounded per review (LEAD_MAX_CALLS, CODER_MAX_CALLS) and counted in /metrics.
 *
 * Dollars are kept as millionths in the same atomic ledger as tokens (both engines), under a day key of
 * their own, so parallel reviews and replicas can no more overshoot the dollars than the tokens.
 */
const ledgerDay = (day: string) => `${day}:usd-micros`;
const MICROS = 1_000_000;

export type DollarReservation = { granted: true; id: number; micros: number } | { granted: false; budget: number; spent: number; needed: number } | null;

/** The worst case of one call in dollars (its prompt estimate and the whole output budget), reserved for the day; null when no dollar budget applies. */
export async function reserveDollars(store: ReviewStore, settings: Settings, request: { day: string; repo: string; promptTokens: number }): Promise<DollarReservation> {
  const { dailyBudgetUsd: budget, delegate } = settings;
  if (budget === null || !delegate.prices) return null;
  const worst = costUsd({ prompt: request.promptTokens, completion: delegate.maxTokens, reasoning: undefined, total: request.promptTokens + delegate.maxTokens, estimated: true }, delegate.prices);
  const micros = Math.ceil(worst * MICROS);
  const reservation = await store.reserveTokens({ day: ledgerDay(request.day), repo: request.repo, tokens: micros, dailyBudget: Math.floor(budget * MICROS), repoCap: null });
  if (reservation.granted) return { granted: true, id: reservation.reservationId, micros };
  return { granted: false, budget, spent: reservation.committed / MICROS, needed: worst };
}

/** Replaces the reservation with what the call cost by its `usage`; `null` usage keeps the whole reservation (a timeout may be billed) or frees it (`billed` false). */
export async function settleDollars(store: ReviewStore, settings: Settings, reservation: DollarReservation, usage: TokenUsage | null, billed: boolean): Promise<void> {
  if (!reservation?.granted || !settings.delegate.prices) return;
  const used = usage ? Math.ceil(costUsd(usage, settings.delegate.prices) * MICROS) : billed ? reservation.micros : 0;
  await store.settleTokens(reservation.id, used);
}

/** Dollars spent and reserved today. */
export async function dollarsCommitted(store: ReviewStore, day: string): Promise<number> {
  return (await store.tokensCommitted(ledgerDay(day))) / MICROS;
}
