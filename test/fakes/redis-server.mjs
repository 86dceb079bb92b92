// Redis for the scale-out tests and the bench: Debian's redis-server, daemonized on a loopback port of
// its own (as .ci/run does), or the one .ci/run started (GLM_TEST_REDIS_URL).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./start-app-process.mjs";

/** Why Redis tests cannot run here, or null when redis-server is installed. */
export function redisMissingReason() {
  const probe = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  return probe.status === 0 ? null : "redis-server not found on PATH (CI installs it: apt-get install redis-server)";
}

/** Answers once Redis says PONG on `port`, or rejects after `ms`. */
export async function waitForRedis(port, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const pong = await new Promise((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("error", () => resolve(false));
      socket.once("connect", () => socket.write("PING\r\n"));
      socket.once("data", (d) => {
        socket.destroy();
        resolve(String(d).startsWith("+PONG"));
      });
    });
    if (pong) return;
    if (Date.now() > deadline) throw new Error(`redis on ${port} did not answer in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A daemonized redis-server on a free loopback port. `appendonly` keeps the data across stop/start
 * (as a production Redis should), so a restart loses no queued job.
 */
export async function startRedisServer({ appendonly = false } = {}) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "glm-redis-"));
  const start = async () => {
    const args = ["--daemonize", "yes", "--databases", "64", "--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", appendonly ? "yes" : "no", "--pidfile", join(dir, "redis.pid"), "--logfile", join(dir, "redis.log")];
    const run = spawnSync("redis-server", args, { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`redis-server did not start: ${run.stderr || run.stdout}`);
    await waitForRedis(port);
  };
  const stop = () => {
    spawnSync("redis-cli", ["-p", String(port), "shutdown", appendonly ? "save" : "nosave"], { encoding: "utf8" });
  };
  /** The server's process id (to freeze it with SIGSTOP: a Redis that hangs rather than refuses). */
  const pid = () => Number(readFileSync(join(dir, "redis.pid"), "utf8").trim());
  await start();
  return { port, url: (db = 0) => `redis://127.0.0.1:${port}/${db}`, start, stop, pid };
}

/**
 * The Redis a test suite shares: the one .ci/run started (GLM_TEST_REDIS_URL; `release` leaves it running),
 * or one of the suite's own (`release` stops it). Each test takes a database of its own.
 */
export async function sharedRedisForTests() {
  const shared = process.env.GLM_TEST_REDIS_URL;
  if (!shared) {
    const own = await startRedisServer();
    return { port: own.port, url: own.url, release: own.stop };
  }
  const port = Number(new URL(shared).port);
  return { port, url: (db = 0) => `redis://127.0.0.1:${port}/${db}`, release: () => {} };
}

/** Empties one database of a running Redis (each test uses its own). */
export function flushRedisDb(port, db) {
  spawnSync("redis-cli", ["-p", String(port), "-n", String(db), "flushdb"], { encoding: "utf8" });
}
