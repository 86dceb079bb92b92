/** What must survive a restart. The embedded default is SQLite under DATA_DIR; Redis can implement the same. */
export interface ReviewStore {
  /**
   * Claims the delivery and keeps its job, in one transaction: a job answered 2xx survives a crash and
   * runs again on the next start. False (nothing kept) on every redelivery, also after a restart.
   */
  acceptJob(job: PendingJob): Promise<boolean>;
  /** Jobs accepted and not finished, oldest first. */
  pendingJobs(): Promise<PendingJob[]>;
  /** Counts one more failed attempt; returns the attempts so far. */
  recordFailedAttempt(deliveryId: string): Promise<number>;
  /** The job is done (reviewed, skipped, refused, superseded or given up): forget it. */
  finishJob(deliveryId: string): Promise<void>;
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

/** An accepted job as kept on disk: enough to run it again without the webhook. */
export interface PendingJob {
  deliveryId: string;
  /** The ReviewJob, as JSON. */
  job: string;
  installationId: number | undefined;
  attempts: number;
}

/** UTC day key for the ledger. */
export const utcDay = (now: Date): string => now.toISOString().slice(0, 10);
