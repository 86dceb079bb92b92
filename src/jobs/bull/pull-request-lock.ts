import type { Redis } from "ioredis";
import type { RedisKeys } from "../../redis/redis-keys.js";
import { redisScripts } from "../../redis/redis-scripts.js";


export interface HeldLock {
  /**
   * False once the lock may belong to someone else: a renewal found another owner, or none succeeded for
   * a whole TTL (Redis away; after it returns the key may have lapsed and been taken).
   */
  held(): boolean;
  release(): Promise<void>;
}

/**
 * At most one review running per pull request across all replicas: a Redis key with an owner token and
 * a TTL, renewed while the review runs. A replica that dies stops renewing and the lock lapses after
 * `ttlMs`, so another replica can take the PR over; only the owner can renew or release it.
 */
export class PullRequestLock {
  constructor(private readonly redis: Redis, private readonly ttlMs: number, private readonly keys: RedisKeys) {}

  /** The lock, or null when another review of this PR holds it. */
  async acquire(prKey: string, owner: string): Promise<HeldLock | null> {
    const key = this.keys.pullRequestLock(prKey);
    if ((await this.redis.set(key, owner, "PX", this.ttlMs, "NX")) !== "OK") return null;
    let confirmedAt = Date.now();
    let lost = false;
    const renew = setInterval(() => {
      // A failed renewal (Redis away) is retried on the next tick; the lock lapses only if it stays away.
      redisScripts(this.redis).glmRenewLock(key, owner, this.ttlMs).then(
        (renewed) => (renewed === 1 ? (confirmedAt = Date.now()) : (lost = true)),
        () => {},
      );
    }, Math.max(100, Math.floor(this.ttlMs / 3)));
    renew.unref();
    return {
      held: () => !lost && Date.now() - confirmedAt < this.ttlMs,
      release: async () => {
        clearInterval(renew);
        await redisScripts(this.redis).glmReleaseLock(key, owner);
      },
    };
  }
}
