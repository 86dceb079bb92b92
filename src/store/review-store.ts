/** What must survive a restart. The embedded default is SQLite under DATA_DIR; Redis can implement the same. */
export interface ReviewStore {
  /** True the first time a delivery id is seen, false on every redelivery (also after a restart). */
  claimDelivery(deliveryId: string): Promise<boolean>;
  /**
   * Reserves `tokens` of the UTC day's delegate budget, atomically with every other reservation, so
   * parallel reviews cannot overshoot. Returns a reservation to settle, or what is left when refused.
   */
  reserveTokens(request: { day: string; repo: string; tokens: number; dailyBudget: number }): Promise<TokenReservation>;
  /** Replaces a reservation with what the call really used (from the answer's `usage`). */
  settleTokens(reservationId: number, usedTokens: number): Promise<void>;
  /** Tokens spent and still reserved on a UTC day. */
  tokensCommitted(day: string): Promise<number>;
  close(): Promise<void>;
}

export type TokenReservation =
  | { granted: true; reservationId: number; committedBefore: number }
  | { granted: false; committed: number };

/** UTC day key for the ledger. */
export const utcDay = (now: Date): string => now.toISOString().slice(0, 10);
