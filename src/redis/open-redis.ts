import { Redis, type RedisOptions } from "ioredis";

/** Raised when REDIS_URL is set and Redis does not answer at start: the process must not run half-configured. */
export class RedisUnavailableError extends Error {
  constructor(url: string, cause: unknown) {
    super(`REDIS_URL is set but Redis at ${redactUrl(url)} did not answer (${cause instanceof Error ? cause.message : String(cause)}); start Redis or unset REDIS_URL to run embedded`);
    this.name = "RedisUnavailableError";
  }
}

/** How each client behaves while Redis is away (ioredis reconnects on its own in every case). */
export type RedisRole =
  /** The webhook's answer path: fail at once, so the job is spooled to disk instead of making GitHub wait. */
  | "fail-fast"
  /** BullMQ workers: commands wait for the reconnect (BullMQ requires maxRetriesPerRequest: null). */
  | "blocking"
  /** The state store: a review's command waits a bounded while, then the review fails and is retried. */
  | "bounded";

const RECONNECT_CAP_MS = 2_000;

export function openRedis(url: string, role: RedisRole): Redis {
  const options: RedisOptions = {
    // Reconnect forever, quickly at first: an outage ends when Redis returns, not when we give up.
    retryStrategy: (times) => Math.min(50 * 2 ** times, RECONNECT_CAP_MS),
    connectTimeout: 5_000,
    lazyConnect: false,
  };
  if (role === "fail-fast") Object.assign(options, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  if (role === "blocking") Object.assign(options, { maxRetriesPerRequest: null });
  if (role === "bounded") Object.assign(options, { maxRetriesPerRequest: 3 });
  return new Redis(url, options);
}

/** Redis mode's three connections, one per role (BullMQ wants its worker's blocking client to itself). */
export interface BullClients {
  /** Fails at once while Redis is away: the webhook's answer path (accepts) and health. */
  fast: Redis;
  /** Waits for reconnects: BullMQ's worker. */
  blocking: Redis;
  /** Bounded waits: the review store, locks and the supersede check inside a running job. */
  bounded: Redis;
}

export function openBullClients(url: string): BullClients {
  const clients: BullClients = { fast: openRedis(url, "fail-fast"), blocking: openRedis(url, "blocking"), bounded: openRedis(url, "bounded") };
  // The health tracker reports the fast client's errors; the others would repeat them.
  for (const client of [clients.blocking, clients.bounded]) client.on("error", () => {});
  return clients;
}

/** At start: one PING within `timeoutMs`, or a RedisUnavailableError naming the URL (without its password). */
export async function assertRedisReachable(url: string, timeoutMs: number): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs });
  probe.on("error", () => {}); // reported through the rejected connect below
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new RedisUnavailableError(url, error);
  } finally {
    probe.disconnect();
  }
}

/** The URL for a log line: the password is never printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}
