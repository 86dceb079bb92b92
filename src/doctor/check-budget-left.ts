import { Redis } from "ioredis";
import { dollarsCommitted } from "../pipeline/delegate/dollar-ledger.js";
import { formatUsd } from "../review/answer/cost-usd.js";
import type { Settings } from "../settings/settings-schema.js";
import { RedisReviewStore } from "../store/redis-review-store.js";
import { utcDay, type ReviewStore } from "../store/review-store.js";
import { SqliteReviewStore } from "../store/sqlite-review-store.js";
import type { CheckResult } from "./doctor-checks.js";

/** What today's delegate budget has left, in the unit that is set (dollars when DAILY_BUDGET_USD applies), from the store reviews use. */
export async function checkBudgetLeft(settings: Settings, now: Date = new Date()): Promise<CheckResult> {
  let redis: Redis | undefined;
  let store: ReviewStore | undefined;
  try {
    redis = settings.redisUrl ? new Redis(settings.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 3_000, lazyConnect: true }) : undefined;
    if (redis) await redis.connect();
    store = redis ? new RedisReviewStore(redis) : new SqliteReviewStore(settings.dataDir);
    const day = utcDay(now);
    const tokensLeft = Math.max(0, settings.dailyTokenBudget - (await store.tokensCommitted(day)));
    const tokens = `${tokensLeft.toLocaleString("en-US")} of ${settings.dailyTokenBudget.toLocaleString("en-US")} delegate tokens`;
    if (settings.dailyBudgetUsd === null) return { ok: true, line: `budget today (UTC ${day}): ${tokens} left (DAILY_TOKEN_BUDGET)` };
    const dollarsLeft = Math.max(0, settings.dailyBudgetUsd - (await dollarsCommitted(store, day)));
    return { ok: true, line: `budget today (UTC ${day}): ${formatUsd(dollarsLeft)} of ${formatUsd(settings.dailyBudgetUsd)} left (DAILY_BUDGET_USD), and ${tokens} (DAILY_TOKEN_BUDGET)` };
  } catch (error) {
    return { ok: false, line: `budget today: could not be read (${error instanceof Error ? error.message : String(error)}); check DATA_DIR or REDIS_URL` };
  } finally {
    if (redis) redis.disconnect();
    else await store?.close();
  }
}
