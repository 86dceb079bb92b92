import { checkBudgetLeft } from "./check-budget-left.js";
import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getPrivateKey } from "@probot/get-private-key";
import { ProbotOctokit } from "probot";
import { createChatClient } from "../models/create-chat-client.js";
import { ChatEndpoint, StreamMemory } from "../models/chat-endpoint.js";
import { assertRedisReachable } from "../redis/open-redis.js";
import type { RoleSettings, Settings } from "../settings/settings-schema.js";
import { checkWebhookSecret } from "../startup/check-webhook-secret.js";

export interface CheckResult {
  ok: boolean;
  /** Passes (the exit code stays 0) but is printed with ⚠: fine on a developer's machine, not on a server. */
  warn?: boolean;
  /** One line: what was checked and what was found, or what to fix. */
  line: string;
}

const pass = (line: string): CheckResult => ({ ok: true, line });
const fail = (line: string): CheckResult => ({ ok: false, line });
const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").slice(0, 200);

/** GHE_HOST / GHE_PROTOCOL as Probot reads them; api.github.com otherwise. */
function githubApiUrl(env: NodeJS.ProcessEnv): string {
  return env.GHE_HOST ? `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}/api/v3` : "https://api.github.com";
}

/** WEBHOOK_SECRET: ✗ in production without it (the start refuses too), ⚠ elsewhere. */
export function checkSecret(env: NodeJS.ProcessEnv): CheckResult {
  const { state, message: line } = checkWebhookSecret(env);
  return state === "set" ? pass(line) : state === "missing-production" ? fail(line) : { ok: true, warn: true, line };
}

/** GET /app with the app's JWT: the id and key belong together, and how many installations there are. */
export async function checkGitHubApp(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CheckResult> {
  if (!env.APP_ID) return fail("GitHub App: APP_ID is not set; register the app (npm start on a fresh install opens the setup page) and set APP_ID and PRIVATE_KEY");
  let privateKey: string | null;
  try {
    privateKey = getPrivateKey({ env });
  } catch (error) {
    return fail(`GitHub App: PRIVATE_KEY cannot be read (${message(error)}); set PRIVATE_KEY to the app's .pem contents or PRIVATE_KEY_PATH to its file`);
  }
  if (!privateKey) return fail("GitHub App: no private key; set PRIVATE_KEY (the .pem contents) or PRIVATE_KEY_PATH");
  try {
    const octokit = new ProbotOctokit({ auth: { appId: Number(env.APP_ID), privateKey }, baseUrl: githubApiUrl(env), request: { timeout: timeoutMs }, retry: { enabled: false }, throttle: { enabled: false } });
    const { data: app } = await octokit.request("GET /app");
    const installations = await octokit.paginate("GET /app/installations", { per_page: 100 });
    return pass(`GitHub App: ${app?.slug ?? app?.name ?? env.APP_ID} (APP_ID ${env.APP_ID}) authenticates; ${installations.length} installation${installations.length === 1 ? "" : "s"}`);
  } catch (error) {
    const status = (error as { status?: number }).status;
    const hint = status === 401 ? "the key does not belong to APP_ID, or the clock is off" : "check APP_ID, PRIVATE_KEY and the network to GitHub";
    return fail(`GitHub App: GET /app failed (${status ? `HTTP ${status}: ` : ""}${message(error)}); ${hint}`);
  }
}

/** One tiny call (max_tokens 1): the model is served, and whether the endpoint streams. */
export async function checkModel(name: "delegate" | "lead" | "coder", role: RoleSettings, setting: string): Promise<CheckResult> {
  const endpoint = new ChatEndpoint(createChatClient(role, { maxRetries: 0 }), { ...role, timeoutMs: Math.min(role.timeoutMs, 30_000), stallMs: Math.min(role.stallMs, 30_000) }, new StreamMemory(), true);
  const outcome = await endpoint.complete([{ role: "user", content: "Reply with OK." }], { maxTokens: 1 });
  const where = `${name} model ${role.model} at ${new URL(role.baseURL).host}`;
  switch (outcome.kind) {
    case "answered":
      return pass(`${where}: answers, ${outcome.streamed ? "streams" : endpoint.streams ? "answers without streaming" : "does not stream (calls go without it)"}`);
    case "not_served":
      return fail(`${where}: not served (${outcome.detail}); set ${setting} to a current model`);
    case "rate_limited":
      return fail(`${where}: rate limited (${outcome.status}); the quota may be spent, try again later`);
    case "timeout":
      return fail(`${where}: no answer within ${outcome.timeoutMs} ms; check the base URL and the network`);
    case "stream_refused":
    case "cut":
    case "failed":
      return fail(`${where}: ${"status" in outcome && outcome.status ? `HTTP ${outcome.status}: ` : ""}${outcome.detail}; check the key and the base URL`);
  }
}

export async function checkRedis(url: string): Promise<CheckResult> {
  try {
    await assertRedisReachable(url, 3_000);
    return pass(`Redis at ${new URL(url).host}: answers`);
  } catch (error) {
    return fail(`Redis at ${new URL(url).host}: ${message(error)}; start Redis or fix REDIS_URL`);
  }
}

export function checkDataDir(dir: string): CheckResult {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    const probe = join(dir, `.doctor-${process.pid}`);
    writeFileSync(probe, "ok");
    rmSync(probe);
    return pass(`DATA_DIR ${dir}: writable`);
  } catch (error) {
    return fail(`DATA_DIR ${dir}: not writable (${message(error)}); set DATA_DIR to a directory this user can write`);
  }
}

/** The smee-style channel answers an event stream. */
export async function checkWebhookProxy(url: string): Promise<CheckResult> {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), 5_000);
  try {
    const res = await fetch(url, { headers: { accept: "text/event-stream" }, signal: stop.signal });
    const type = res.headers.get("content-type") ?? "";
    if (!res.ok || !type.includes("text/event-stream")) return fail(`webhook proxy ${new URL(url).host}: HTTP ${res.status} (${type || "no content type"}), not an event stream; fix WEBHOOK_PROXY_URL`);
    return pass(`webhook proxy ${new URL(url).host}: the channel is open`);
  } catch (error) {
    return fail(`webhook proxy ${new URL(url).host}: ${message(error)}; fix WEBHOOK_PROXY_URL or unset it`);
  } finally {
    clearTimeout(timer);
    stop.abort();
  }
}

/** The checks that need settings that loaded: each model endpoint, Redis, DATA_DIR, today's budget, the proxy. */
export async function checkSettingsTargets(settings: Settings): Promise<CheckResult[]> {
  const results = [await checkModel("delegate", settings.delegate, "DELEGATE_MODEL")];
  if (settings.lead) results.push(await checkModel("lead", settings.lead, "LEAD_MODEL"));
  if (settings.coder && settings.coder.model !== settings.lead?.model) results.push(await checkModel("coder", settings.coder, "CODER_MODEL"));
  if (settings.redisUrl) results.push(await checkRedis(settings.redisUrl));
  const dataDir = checkDataDir(settings.dataDir);
  results.push(dataDir);
  // Read from the store reviews use: Redis in Redis mode (when it answered), else the SQLite file under DATA_DIR.
  if (settings.redisUrl ? results.at(-2)?.ok : dataDir.ok) results.push(await checkBudgetLeft(settings));
  if (settings.webhookProxyUrl) results.push(await checkWebhookProxy(settings.webhookProxyUrl));
  return results;
}
