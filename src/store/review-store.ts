import type { FindingRecord } from "./finding-record.js";

/**
 * State that must survive a restart and be shared by replicas: SQLite under DATA_DIR by default,
 * Redis when REDIS_URL is set (the same contract, atomic on both).
 */
export interface ReviewStore {
  /**
   * The delegate outcome of a delivery (JSON), kept so a retry or a restart publishes it again instead
   * of calling the expensive model a second time for the same trigger.
   */
  delegateOutcome(deliveryId: string): Promise<string | undefined>;
  saveDelegateOutcome(deliveryId: string, outcome: string): Promise<void>;
  /**
   * Reserves `tokens` of the UTC day's delegate budget, atomically with every other reservation, so
   * parallel reviews cannot overshoot, neither the app's budget nor the repository's cap when one is set.
   * Returns a reservation to settle, or which limit refused it and what that limit has committed.
   */
  reserveTokens(request: TokenRequest): Promise<TokenReservation>;
  /** Replaces a reservation with what the call really used (from the answer's `usage`). */
  settleTokens(reservationId: number, usedTokens: number): Promise<void>;
  /** Tokens spent and still reserved on a UTC day, for the whole app or one repository. */
  tokensCommitted(day: string, repo?: string): Promise<number>;
  /** The head SHA of a PR's last completed review, if any (incremental reviews start from it). */
  lastReviewedHead(prKey: string): Promise<string | undefined>;
  recordReviewedHead(prKey: string, headSha: string): Promise<void>;
  /** Fingerprints of findings already posted on a PR, so a later run does not post them again. */
  postedFindings(prKey: string): Promise<Set<string>>;
  recordPostedFindings(prKey: string, fingerprints: string[]): Promise<void>;
  /** The inline findings posted on a PR and where each stands. */
  findingRecords(prKey: string): Promise<FindingRecord[]>;
  /** Inserts or replaces records by fingerprint (a posted finding, or a change of its state). */
  saveFindingRecords(prKey: string, records: FindingRecord[]): Promise<void>;
  /** Forgets records whose thread or comment was deleted. */
  forgetFindingRecords(prKey: string, fingerprints: string[]): Promise<void>;
  /**
   * Takes one of a PR's thread answers for a UTC day, atomically across replicas: false once `limit`
   * were taken (THREAD_ANSWERS_PER_PR).
   */
  takeThreadAnswer(prKey: string, day: string, limit: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface TokenRequest {
  day: string;
  repo: string;
  tokens: number;
  dailyBudget: number;
  /** The repository's own daily cap (repo config), if any. */
  repoCap: number | null;
}

export type TokenReservation =
  | { granted: true; reservationId: number }
  | { granted: false; limit: "app" | "repo"; committed: number };

/** UTC day key for the ledger. */
export const utcDay = (now: Date): string => now.toISOString().slice(0, 10);
