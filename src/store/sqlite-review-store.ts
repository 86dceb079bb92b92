import { mkdirSync } from "node:fs";
import { join } from "node:path";
import sqlite from "node-sqlite3-wasm";
import type { ReviewStore, TokenRequest, TokenReservation } from "./review-store.js";

const { Database } = sqlite;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS deliveries (id TEXT PRIMARY KEY, received_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS token_ledger (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  day TEXT NOT NULL,
  repo TEXT NOT NULL,
  tokens INTEGER NOT NULL,
  settled INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS token_ledger_day ON token_ledger (day, repo);
CREATE TABLE IF NOT EXISTS reviewed_heads (pr TEXT PRIMARY KEY, head_sha TEXT NOT NULL, reviewed_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS posted_findings (pr TEXT NOT NULL, fingerprint TEXT NOT NULL, PRIMARY KEY (pr, fingerprint));
`;

/** Redeliveries come within hours; a week of claims is plenty and keeps the file small. */
const DELIVERY_RETENTION_MS = 7 * 24 * 3600 * 1000;

/**
 * The embedded default: one SQLite file under DATA_DIR, via WebAssembly (no native build on `npm ci`).
 * Reservations are one conditional INSERT, so parallel reviews can never overshoot the budget.
 */
export class SqliteReviewStore implements ReviewStore {
  readonly #db: InstanceType<typeof Database>;
  readonly #now: () => number;

  constructor(dataDir: string, now: () => number = Date.now) {
    this.#now = now;
    mkdirSync(dataDir, { recursive: true });
    this.#db = new Database(join(dataDir, "glm-review.sqlite"));
    this.#db.exec(SCHEMA);
    this.#db.run("DELETE FROM deliveries WHERE received_at < ?", [now() - DELIVERY_RETENTION_MS]);
    // A reservation left by a crash is counted as spent: the call may have been billed.
    this.#db.run("UPDATE token_ledger SET settled = 1 WHERE settled = 0");
  }

  async claimDelivery(deliveryId: string): Promise<boolean> {
    const info = this.#db.run("INSERT OR IGNORE INTO deliveries (id, received_at) VALUES (?, ?)", [deliveryId, this.#now()]);
    return info.changes === 1;
  }

  async tokensCommitted(day: string, repo?: string): Promise<number> {
    return this.#committed(day, repo);
  }

  #committed(day: string, repo?: string): number {
    const row = (repo === undefined
      ? this.#db.get("SELECT COALESCE(SUM(tokens), 0) AS total FROM token_ledger WHERE day = ?", [day])
      : this.#db.get("SELECT COALESCE(SUM(tokens), 0) AS total FROM token_ledger WHERE day = ? AND repo = ?", [day, repo])) as { total: number } | null;
    return Number(row?.total ?? 0);
  }

  async reserveTokens(request: TokenRequest): Promise<TokenReservation> {
    const { day, repo, tokens, dailyBudget, repoCap } = request;
    // Check and insert in one statement: atomic in SQLite, whatever awaits run around it.
    const info = this.#db.run(
      `INSERT INTO token_ledger (day, repo, tokens)
       SELECT ?, ?, ?
       WHERE (SELECT COALESCE(SUM(tokens), 0) FROM token_ledger WHERE day = ?) + ? <= ?
         AND (? IS NULL OR (SELECT COALESCE(SUM(tokens), 0) FROM token_ledger WHERE day = ? AND repo = ?) + ? <= ?)`,
      [day, repo, tokens, day, tokens, dailyBudget, repoCap, day, repo, tokens, repoCap],
    );
    if (info.changes === 1) return { granted: true, reservationId: Number(info.lastInsertRowid) };
    const appCommitted = this.#committed(day);
    if (appCommitted + tokens > dailyBudget) return { granted: false, limit: "app", committed: appCommitted };
    return { granted: false, limit: "repo", committed: this.#committed(day, repo) };
  }

  async settleTokens(reservationId: number, usedTokens: number): Promise<void> {
    this.#db.run("UPDATE token_ledger SET tokens = ?, settled = 1 WHERE id = ?", [Math.max(0, Math.round(usedTokens)), reservationId]);
  }

  async lastReviewedHead(prKey: string): Promise<string | undefined> {
    const row = this.#db.get("SELECT head_sha FROM reviewed_heads WHERE pr = ?", [prKey]) as { head_sha: string } | null;
    return row?.head_sha;
  }

  async recordReviewedHead(prKey: string, headSha: string): Promise<void> {
    this.#db.run(
      "INSERT INTO reviewed_heads (pr, head_sha, reviewed_at) VALUES (?, ?, ?) ON CONFLICT(pr) DO UPDATE SET head_sha = excluded.head_sha, reviewed_at = excluded.reviewed_at",
      [prKey, headSha, this.#now()],
    );
  }

  async postedFindings(prKey: string): Promise<Set<string>> {
    const rows = this.#db.all("SELECT fingerprint FROM posted_findings WHERE pr = ?", [prKey]) as { fingerprint: string }[];
    return new Set(rows.map((r) => r.fingerprint));
  }

  async recordPostedFindings(prKey: string, fingerprints: string[]): Promise<void> {
    for (const fingerprint of fingerprints) this.#db.run("INSERT OR IGNORE INTO posted_findings (pr, fingerprint) VALUES (?, ?)", [prKey, fingerprint]);
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }
}
