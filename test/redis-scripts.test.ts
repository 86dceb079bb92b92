import { readdirSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { Redis } from "ioredis";
import { redisScripts, scriptSource, type ScriptName } from "../src/redis/redis-scripts.js";
import { flushRedisDb, redisMissingReason, sharedRedisForTests } from "./fakes/redis-server.mjs";

/** Each Lua script through a real Redis, by its own keys and arguments (the stores' tests cover their callers). */
const redisMissing = redisMissingReason();
if (redisMissing) console.warn(`Redis scripts skipped: ${redisMissing}`);
// Databases: the scale-out suite counts up from 1, the store contract down from 15; this suite takes 7.
const DB = 7;

describe("the Lua scripts' files", () => {
  it("every file in src/redis/scripts is a registered script, and each starts with a comment saying its keys", () => {
    const names: ScriptName[] = ["glmReserveTokens", "glmSettleTokens", "glmRenewLock", "glmReleaseLock", "glmClaimDelivery"];
    const files = readdirSync(new URL("../src/redis/scripts/", import.meta.url)).filter((f) => f.endsWith(".lua"));
    expect(files).toHaveLength(names.length);
    for (const name of names) expect(scriptSource(name)).toMatch(/^-- [^\n]+\n(-- [^\n]*\n)*-- KEYS: /);
  });
});

(redisMissing ? describe.skip : describe)("the Lua scripts on Redis", () => {
  let server: Awaited<ReturnType<typeof sharedRedisForTests>>;
  let redis: Redis;
  beforeAll(async () => {
    server = await sharedRedisForTests();
    redis = new Redis(server.url(DB));
  });
  afterAll(() => {
    redis?.disconnect();
    server?.release();
  });
  beforeEach(() => flushRedisDb(server.port, DB));

  it("reserve: granted within the day's budget and the repo's cap, refused naming the limit; settle: replaced by what was used", async () => {
    const s = redisScripts(redis);
    expect(await s.glmReserveTokens("app", "repo", "seq", 600, 1000, "", 60, "res:")).toEqual([1, "granted", 1]);
    expect(await s.glmReserveTokens("app", "repo", "seq", 500, 1000, "", 60, "res:")).toEqual([0, "app", 600]);
    expect(await s.glmReserveTokens("app", "repo", "seq", 300, 1000, 700, 60, "res:")).toEqual([0, "repo", 600]);
    expect(await redis.hgetall("res:1")).toEqual({ app: "app", repo: "repo", tokens: "600" });
    expect(await s.glmSettleTokens("res:1", 250)).toBe(1);
    expect([await redis.get("app"), await redis.get("repo"), await redis.exists("res:1")]).toEqual(["250", "250", 0]);
    expect(await s.glmSettleTokens("res:1", 250)).toBe(0); // settled once only
    expect(await redis.ttl("app")).toBeGreaterThan(0);
  });

  it("lock: only its owner renews or releases it", async () => {
    const s = redisScripts(redis);
    await redis.set("lock", "owner-a", "PX", 1000);
    expect(await s.glmRenewLock("lock", "owner-b", 60_000)).toBe(0);
    expect(await s.glmRenewLock("lock", "owner-a", 60_000)).toBe(1);
    expect(await redis.pttl("lock")).toBeGreaterThan(1000);
    expect(await s.glmReleaseLock("lock", "owner-b")).toBe(0);
    expect(await redis.get("lock")).toBe("owner-a");
    expect(await s.glmReleaseLock("lock", "owner-a")).toBe(1);
    expect(await redis.exists("lock")).toBe(0);
  });

  it("claim: once per delivery; pull_request triggers ordered by one counter and trimmed to the newest", async () => {
    const s = redisScripts(redis);
    for (const id of ["d1", "d2", "d3"]) expect(await s.glmClaimDelivery(`claim:${id}`, "triggers", "counter", 3600, id, "1", 2)).toBe(1);
    expect(await s.glmClaimDelivery("claim:d2", "triggers", "counter", 3600, "d2", "1", 2)).toBe(0);
    expect(await redis.zrange("triggers", 0, -1, "WITHSCORES")).toEqual(["d2", "2", "d3", "3"]);
    expect(await s.glmClaimDelivery("claim:c1", "triggers", "counter", 3600, "c1", "0", 2)).toBe(1); // a command is claimed, not ordered
    expect(await redis.zcard("triggers")).toBe(2);
  });

  it("registered once per client, and still run after Redis forgot every script (EVALSHA falls back to EVAL)", async () => {
    expect(redisScripts(redis)).toBe(redisScripts(redis));
    await redis.script("FLUSH");
    expect(await redisScripts(redis).glmRenewLock("none", "x", 10)).toBe(0);
  });
});
