import type { Redis } from "ioredis";
import { RedisKeys } from "../redis/redis-keys.js";
import { redisScripts } from "../redis/redis-scripts.js";
import type { FindingRecord } from "./finding-record.js";
import type { ReviewStore, TokenRequest, TokenReservation } from "./review-store.js";

const DAY_S = 24 * 3600;
/** Delegate outcomes and ledger days outlive any retry or redelivery of their trigger. */
const DELIVERY_TTL_S = 7 * DAY_S;
const LEDGER_TTL_S = 3 * DAY_S;
/** Heads and posted findings belong to open PRs; three months without a review lets them go. */
const PULL_REQUEST_TTL_S = 90 * DAY_S;

/** The shared state of several replicas on one Redis (key names: RedisKeys). */
export class RedisReviewStore implements ReviewStore {
  constructor(private readonly redis: Redis, private readonly keys = new RedisKeys()) {}

  async delegateOutcome(deliveryId: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.delegateOutcome(deliveryId))) ?? undefined;
  }

  async saveDelegateOutcome(deliveryId: string, outcome: string): Promise<void> {
    await this.redis.set(this.keys.delegateOutcome(deliveryId), outcome, "EX", DELIVERY_TTL_S);
  }

  async reserveTokens(request: TokenRequest): Promise<TokenReservation> {
    const { day, repo, tokens, dailyBudget, repoCap } = request;
    const [granted, limit, value] = (await redisScripts(this.redis).glmReserveTokens(
      this.#appTotalKey(day),
      this.#repoTotalKey(day, repo),
      this.keys.reservationSequence(),
      tokens,
      dailyBudget,
      repoCap ?? "",
      LEDGER_TTL_S,
      this.keys.reservationPrefix(),
    )) as [number, "app" | "repo" | "granted", number];
    if (granted === 1) return { granted: true, reservationId: Number(value) };
    return { granted: false, limit: limit as "app" | "repo", committed: Number(value) };
  }

  async settleTokens(reservationId: number, usedTokens: number): Promise<void> {
    await redisScripts(this.redis).glmSettleTokens(this.keys.reservation(reservationId), Math.max(0, Math.round(usedTokens)));
  }

  async tokensCommitted(day: string, repo?: string): Promise<number> {
    return Number((await this.redis.get(repo === undefined ? this.#appTotalKey(day) : this.#repoTotalKey(day, repo))) ?? 0);
  }

  async lastReviewedHead(prKey: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.reviewedHead(prKey))) ?? undefined;
  }

  async recordReviewedHead(prKey: string, headSha: string): Promise<void> {
    await this.redis.set(this.keys.reviewedHead(prKey), headSha, "EX", PULL_REQUEST_TTL_S);
  }

  async postedFindings(prKey: string): Promise<Set<string>> {
    return new Set(await this.redis.smembers(this.keys.postedFindings(prKey)));
  }

  async recordPostedFindings(prKey: string, fingerprints: string[]): Promise<void> {
    if (fingerprints.length === 0) return;
    const key = this.keys.postedFindings(prKey);
    await this.redis.multi().sadd(key, ...fingerprints).expire(key, PULL_REQUEST_TTL_S).exec();
  }

  async findingRecords(prKey: string): Promise<FindingRecord[]> {
    const [order, records] = await Promise.all([this.redis.lrange(this.keys.findingOrder(prKey), 0, -1), this.redis.hgetall(this.keys.findingRecords(prKey))]);
    // Two replicas saving at once may list a fingerprint twice: the first place counts.
    return [...new Set(order)].flatMap((fingerprint) => (records[fingerprint] ? [JSON.parse(records[fingerprint]) as FindingRecord] : []));
  }

  async saveFindingRecords(prKey: string, records: FindingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const [hash, order] = [this.keys.findingRecords(prKey), this.keys.findingOrder(prKey)];
    const known = await this.redis.hkeys(hash);
    const fresh = records.filter((r) => !known.includes(r.fingerprint)).map((r) => r.fingerprint);
    const tx = this.redis.multi().hset(hash, Object.fromEntries(records.map((r) => [r.fingerprint, JSON.stringify(r)])));
    if (fresh.length > 0) tx.rpush(order, ...new Set(fresh));
    await tx.expire(hash, PULL_REQUEST_TTL_S).expire(order, PULL_REQUEST_TTL_S).exec();
  }

  async takeThreadAnswer(prKey: string, day: string, limit: number): Promise<boolean> {
    if (limit <= 0) return false;
    const key = this.keys.threadAnswers(prKey, day);
    const [[, taken]] = (await this.redis.multi().incr(key).expire(key, 2 * DAY_S).exec()) as [[null, number], unknown];
    // Past the limit the counter keeps rising harmlessly; it expires with its day.
    return taken <= limit;
  }

  async forgetFindingRecords(prKey: string, fingerprints: string[]): Promise<void> {
    if (fingerprints.length === 0) return;
    const tx = this.redis.multi().hdel(this.keys.findingRecords(prKey), ...fingerprints);
    for (const fingerprint of fingerprints) tx.lrem(this.keys.findingOrder(prKey), 0, fingerprint);
    await tx.exec();
  }

  /** The connection belongs to whoever opened it. */
  async close(): Promise<void> {}

  #appTotalKey(day: string): string {
    return this.keys.tokensOfDay(day);
  }

  #repoTotalKey(day: string, repo: string): string {
    return this.keys.tokensOfRepo(day, repo);
  }
}
