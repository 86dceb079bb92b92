import { run } from "probot";
import { SmeeClient } from "smee-client";
import { createGlmOctokit } from "./github/glm-octokit.js";
import app from "./index.js";
import { githubRequestTimeoutMs } from "./settings/load-settings.js";
import { applyDotEnv } from "./startup/apply-dot-env.js";
import { createAppLog } from "./startup/create-app-log.js";
import { checkWebhookSecret } from "./startup/check-webhook-secret.js";
import { startupRefusal } from "./startup/startup-refusal.js";
import { WebhookProxyChannel } from "./startup/webhook-proxy-channel.js";

/**
 * `npm start` / `node lib/main.js`: Probot's own `run` (the same environment, .env handling, setup page
 * and webhook proxy as `probot run`), given the Octokit class configured for reviews, a logger that
 * never prints rejected payloads, and smee-client for the local channel. Refuses to start (exit 1, one
 * line) where Probot would serve its setup pages on a configured or production server.
 */
applyDotEnv();
const refusal = startupRefusal(process.env);
if (refusal) {
  process.stderr.write(`GLM Review cannot start: ${refusal}\n`);
  process.exit(1);
}
const log = await createAppLog(process.env);
const secret = checkWebhookSecret(process.env);
if (secret.state === "missing") log.warn(secret.message);
// The webhook proxy is ours, not Probot's: Probot's exits the process when the channel cannot be reached.
const { WEBHOOK_PROXY_URL: proxy, ...probotEnv } = process.env;
const server = await run(app, { env: probotEnv, Octokit: createGlmOctokit(() => githubRequestTimeoutMs(process.env)), log, SmeeClient });
if (proxy) {
  const target = `http://${server.host}:${server.port}${process.env.WEBHOOK_PATH || "/api/github/webhooks"}`;
  new WebhookProxyChannel({ source: proxy, target, log }).start();
}
