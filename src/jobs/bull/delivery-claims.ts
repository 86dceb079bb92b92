import type { Redis } from "ioredis";
import type { RedisKeys } from "../../redis/redis-keys.js";
import { redisScripts } from "../../redis/redis-scripts.js";
import { pullRequestKey, supersedable, type ReviewJob } from "../../triggers/review-job.js";

const DAY_S = 24 * 3600;
/** Redeliveries are refused for a week, as in the embedded store. */
export const CLAIM_TTL_S = 7 * DAY_S;
/** A PR's trigger list keeps its newest entries only; an older job trimmed from it is superseded anyway. */
const TRIGGERS_KEPT = 50;

/**
 * Redis mode's record of deliveries: claimed once per deployment, pull_request triggers ordered so the
 * newest wins, and finished ones marked so a late second run (after a lost lock) skips.
 */
export class DeliveryClaims {
  constructor(private readonly keys: RedisKeys) {}

  /** True for a new delivery, false for a redelivery. Runs on the caller's client (the fail-fast one on the answer path). */
  async claim(redis: Redis, job: ReviewJob): Promise<boolean> {
    const claimed = await redisScripts(redis).glmClaimDelivery(
      this.keys.deliveryClaim(job.deliveryId), this.keys.pullRequestTriggers(pullRequestKey(job)), this.keys.triggerSequence(),
      CLAIM_TTL_S, job.deliveryId, supersedable(job) ? "1" : "0", TRIGGERS_KEPT,
    );
    return claimed === 1;
  }

  /** A newer pull_request trigger for this PR was claimed after `job` (or `job` was trimmed away). */
  async superseded(redis: Redis, job: ReviewJob): Promise<boolean> {
    const key = this.keys.pullRequestTriggers(pullRequestKey(job));
    const score = await redis.zscore(key, job.deliveryId);
    if (score === null) return true;
    return (await redis.zcount(key, `(${score}`, "+inf")) > 0;
  }

  async markDone(redis: Redis, deliveryId: string): Promise<void> {
    await redis.set(this.keys.deliveryDone(deliveryId), "1", "EX", CLAIM_TTL_S);
  }

  async isDone(redis: Redis, deliveryId: string): Promise<boolean> {
    return (await redis.exists(this.keys.deliveryDone(deliveryId))) === 1;
  }
}
