import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Redis } from "ioredis";
import { RedisReviewStore } from "../src/store/redis-review-store.js";
import type { FindingRecord } from "../src/store/finding-record.js";
import type { ReviewStore } from "../src/store/review-store.js";
import { SqliteReviewStore } from "../src/store/sqlite-review-store.js";
import { flushRedisDb, redisMissingReason, sharedRedisForTests } from "./fakes/redis-server.mjs";
import { newDataDir } from "./helpers/test-server.js";

/**
 * One contract, two engines. "Replicas" are two store objects over the same state: two SQLite handles
 * would be one process's business, so for SQLite both are the same store; for Redis, two connections.
 */
interface Engine {
  name: string;
  /** Two views of one fresh state. */
  open(): Promise<[ReviewStore, ReviewStore]>;
}

const redisMissing = redisMissingReason();
if (redisMissing) console.warn(`RedisReviewStore contract skipped: ${redisMissing}`);

let redisServer: Awaited<ReturnType<typeof sharedRedisForTests>> | undefined;
const clients: Redis[] = [];
let db = 0;

beforeAll(async () => {
  if (redisMissing) return;
  redisServer = await sharedRedisForTests();
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  redisServer?.release();
});

const engines: Engine[] = [
  {
    name: "SqliteReviewStore",
    open: async () => {
      const store = new SqliteReviewStore(newDataDir());
      return [store, store];
    },
  },
  ...(redisMissing
    ? []
    : [
        {
          name: "RedisReviewStore",
          open: async (): Promise<[ReviewStore, ReviewStore]> => {
            // Databases 0-15; the scale-out suite counts up from 1, this one down from 15.
            const n = 15 - (db++ % 8);
            flushRedisDb(redisServer!.port, n);
            const pair = [0, 1].map(() => new Redis(redisServer!.url(n)));
            clients.push(...pair);
            return [new RedisReviewStore(pair[0]!), new RedisReviewStore(pair[1]!)];
          },
        },
      ]),
];

describe.each(engines)("ReviewStore contract: $name", (engine) => {
  const day = "2026-11-25";
  const ask = (repo: string, tokens: number, repoCap: number | null = null) => ({ day, repo, tokens, dailyBudget: 10_000, repoCap });

  it("parallel reservations from two replicas never overshoot the budget; settling frees what was not used", async () => {
    const [a, b] = await engine.open();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).reserveTokens(ask("o/r", 3000))));
    const granted = results.filter((r) => r.granted);
    expect(granted).toHaveLength(3);
    expect(await a.tokensCommitted(day)).toBe(9000);
    for (const r of granted) if (r.granted) await b.settleTokens(r.reservationId, 1000);
    expect(await a.tokensCommitted(day)).toBe(3000);
    expect(await a.tokensCommitted(day, "o/r")).toBe(3000);
    expect((await a.reserveTokens(ask("o/r", 7000))).granted).toBe(true);
    expect(await b.reserveTokens(ask("o/r", 1))).toEqual({ granted: false, limit: "app", committed: 10_000 });
  });

  it("a repository's own cap refuses its reviews while others still fit the app's budget", async () => {
    const [a, b] = await engine.open();
    expect((await a.reserveTokens(ask("o/capped", 2000, 3000))).granted).toBe(true);
    expect(await b.reserveTokens(ask("o/capped", 2000, 3000))).toEqual({ granted: false, limit: "repo", committed: 2000 });
    expect((await b.reserveTokens(ask("o/other", 7000))).granted).toBe(true);
    expect(await a.reserveTokens(ask("o/other", 2000))).toEqual({ granted: false, limit: "app", committed: 9000 });
    expect(await a.tokensCommitted(day, "o/capped")).toBe(2000);
    expect(await a.tokensCommitted("2026-11-26")).toBe(0);
  });

  it("an unsettled reservation stays counted as spent (its replica may have died mid-call)", async () => {
    const [a, b] = await engine.open();
    await a.reserveTokens(ask("o/r", 8000));
    expect(await b.tokensCommitted(day)).toBe(8000);
  });

  it("delegate outcomes, reviewed heads and posted findings are shared", async () => {
    const [a, b] = await engine.open();
    expect(await b.delegateOutcome("d1")).toBeUndefined();
    await a.saveDelegateOutcome("d1", '{"kind":"ok"}');
    expect(await b.delegateOutcome("d1")).toBe('{"kind":"ok"}');
    await a.saveDelegateOutcome("d1", '{"kind":"timeout"}');
    expect(await b.delegateOutcome("d1")).toBe('{"kind":"timeout"}');
    expect(await b.lastReviewedHead("o/r#1")).toBeUndefined();
    await a.recordReviewedHead("o/r#1", "abc");
    await a.recordReviewedHead("o/r#1", "def");
    expect(await b.lastReviewedHead("o/r#1")).toBe("def");
    await a.recordPostedFindings("o/r#1", ["f1", "f2"]);
    await b.recordPostedFindings("o/r#1", ["f2", "f3"]);
    await b.recordPostedFindings("o/r#1", []);
    expect([...(await a.postedFindings("o/r#1"))].sort()).toEqual(["f1", "f2", "f3"]);
    expect((await a.postedFindings("o/r#2")).size).toBe(0);
  });
  it("finding records: inserted in order, a change of state replaces the record, forgotten ones are gone, shared by replicas", async () => {
    const [a, b] = await engine.open();
    const record = (fingerprint: string, line: number): FindingRecord => ({
      fingerprint, commentId: line * 10, threadId: null, path: "src/a.ts", startLine: null, line, severity: "high", title: `T${line}`, suggestion: null, state: "open", postedOn: "abc",
    });
    expect(await b.findingRecords("o/r#1")).toEqual([]);
    await a.saveFindingRecords("o/r#1", [record("f1", 1), record("f2", 2)]);
    await b.saveFindingRecords("o/r#1", [record("f3", 3)]);
    await a.saveFindingRecords("o/r#1", [{ ...record("f1", 1), state: "dismissed", endedBy: "octocat", reason: "by design", threadId: "PRRT_1" }]);
    const read = await b.findingRecords("o/r#1");
    expect(read.map((r) => [r.fingerprint, r.state])).toEqual([["f1", "dismissed"], ["f2", "open"], ["f3", "open"]]);
    expect(read[0]).toMatchObject({ endedBy: "octocat", reason: "by design", threadId: "PRRT_1", commentId: 10 });
    await b.forgetFindingRecords("o/r#1", ["f2"]);
    expect((await a.findingRecords("o/r#1")).map((r) => r.fingerprint)).toEqual(["f1", "f3"]);
    expect(await a.findingRecords("o/r#2")).toEqual([]);
  });
  it("thread answers: at most `limit` per PR and UTC day, counted across replicas, even when asked at once", async () => {
    const [a, b] = await engine.open();
    const taken = await Promise.all([1, 2, 3, 4, 5].map((n) => (n % 2 ? a : b).takeThreadAnswer("o/r#1", "2026-12-03", 3)));
    expect(taken.filter(Boolean)).toHaveLength(3);
    expect(await a.takeThreadAnswer("o/r#1", "2026-12-03", 3)).toBe(false);
    // Another PR and the next day count on their own; a limit of 0 answers nothing.
    expect(await b.takeThreadAnswer("o/r#2", "2026-12-03", 3)).toBe(true);
    expect(await b.takeThreadAnswer("o/r#1", "2026-12-04", 3)).toBe(true);
    expect(await a.takeThreadAnswer("o/r#3", "2026-12-03", 0)).toBe(false);
  });
});
