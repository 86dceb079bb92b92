import { readFileSync } from "node:fs";
import type { Redis } from "ioredis";

/** Every Lua script the app runs, its file beside this module (copied to lib/redis/scripts by the build) and its key count. */
const SCRIPTS = {
  glmReserveTokens: { file: "reserve-tokens.lua", keys: 3 },
  glmSettleTokens: { file: "settle-tokens.lua", keys: 1 },
  glmRenewLock: { file: "renew-lock.lua", keys: 1 },
  glmReleaseLock: { file: "release-lock.lua", keys: 1 },
  glmClaimDelivery: { file: "claim-delivery.lua", keys: 3 },
} as const;

export type ScriptName = keyof typeof SCRIPTS;
type Script = (...keysThenArgs: (string | number)[]) => Promise<unknown>;
export type RedisScripts = Record<ScriptName, Script>;

const sources = new Map<ScriptName, string>();
const registered = new WeakMap<Redis, RedisScripts>();

/** A script's Lua text, read once. */
export function scriptSource(name: ScriptName): string {
  let lua = sources.get(name);
  if (lua === undefined) {
    lua = readFileSync(new URL(`./scripts/${SCRIPTS[name].file}`, import.meta.url), "utf8");
    sources.set(name, lua);
  }
  return lua;
}

/**
 * The scripts as commands of this client, registered once per client with ioredis' defineCommand: each
 * call sends EVALSHA and falls back to EVAL when Redis has not cached the script (after a restart).
 */
export function redisScripts(redis: Redis): RedisScripts {
  let scripts = registered.get(redis);
  if (!scripts) {
    const commands = redis as unknown as Record<ScriptName, Script>;
    for (const name of Object.keys(SCRIPTS) as ScriptName[]) {
      if (typeof commands[name] !== "function") redis.defineCommand(name, { numberOfKeys: SCRIPTS[name].keys, lua: scriptSource(name) });
    }
    scripts = Object.fromEntries((Object.keys(SCRIPTS) as ScriptName[]).map((name) => [name, (...args: (string | number)[]) => commands[name](...args)])) as RedisScripts;
    registered.set(redis, scripts);
  }
  return scripts;
}
