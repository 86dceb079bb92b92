// Starts the built app exactly as `npm start` does (node lib/main.js) and waits for /healthz. Another
// Probot app (a benchmark's baseline) runs under `probot run`.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Runs `node lib/main.js` until it exits on its own (a start it must refuse); kills it after `timeoutMs`.
 * @param {Record<string, string>} env @param {{ cwd?: string, timeoutMs?: number }} [options]
 */
export async function runAppToExit(env, { cwd = root, timeoutMs = 15_000 } = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, "lib/main.js")], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const killer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const [code, signal] = await new Promise((resolve) => child.once("exit", (c, s) => resolve([c, s])));
  clearTimeout(killer);
  return { code, signal, stdout, stderr, port };
}

/** Node flags that make the process collect garbage every 200 ms: timeouts must survive collection. */
export const FORCED_GC = ["--expose-gc", "--import", "data:text/javascript,setInterval(globalThis.gc,200).unref()"];

/**
 * @param {Record<string, string>} env @param {string} [appPath] another Probot app to run instead of this one
 * @param {{ cwd?: string, nodeArgs?: string[], readyPath?: string }} [options] `readyPath`: answers 200 once started (setup mode has no /healthz)
 */
export async function startAppProcess(env, appPath, { cwd = root, nodeArgs = [], readyPath = "/healthz" } = {}) {
  const port = await freePort();
  const args = [...nodeArgs, ...(appPath ? [join(root, "node_modules/probot/lib/bin/probot.js"), "run", appPath] : [join(root, "lib/main.js")])];
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`app exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
    try {
      if ((await fetch(`${url}${readyPath}`)).ok) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`app did not become healthy in 15 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid,
    output: () => output,
    /** Sends a signal; resolves with how the process ended. */
    signal: (name) => {
      child.kill(name);
      return exited;
    },
    exited,
    /** Stops it if it still runs (a process ended by a signal has signalCode set, not exitCode). */
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const force = setTimeout(() => child.kill("SIGKILL"), 3000);
      child.kill("SIGTERM");
      await exited;
      clearTimeout(force);
    },
  };
}
