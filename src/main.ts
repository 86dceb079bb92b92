import "./startup/heap-growth-first.js";
import { run } from "probot";
import { createGlmOctokit } from "./github/glm-octokit.js";
import app from "./index.js";
import { githubRequestTimeoutMs } from "./settings/load-settings.js";
import { applyDotEnv } from "./startup/apply-dot-env.js";
import { createAppLog } from "./startup/create-app-log.js";
import { checkWebhookSecret } from "./startup/check-webhook-secret.js";
import { listenFailure } from "./startup/listen-failure.js";
import { startSetup } from "./startup/start-setup.js";
import { startupRefusal } from "./startup/startup-refusal.js";
import { WebhookProxyChannel } from "./startup/webhook-proxy-channel.js";

/**
 * `npm start` / `node lib/main.js`: Probot's own `run` (the same environment and .env handling as
 * `probot run`), given the Octokit class configured for reviews and a logger that never prints
 * rejected payloads. Refuses to start (exit 1, one line) where Probot would serve its setup pages on
 * a configured or production server, or without a webhook secret in production. A brand-new install
 * gets Probot's setup pages (startSetup); the webhook proxy channel is kept open by the app itself.
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
try {
  if (!process.env.APP_ID?.trim()) {
    await startSetup(process.env, log);
  } else {
    // Probot's own proxy start exits the process when the channel cannot be reached: ours retries.
    const { WEBHOOK_PROXY_URL: proxy, ...probotEnv } = process.env;
    const server = await run(app, { env: probotEnv, Octokit: createGlmOctokit(() => githubRequestTimeoutMs(process.env)), log });
    if (proxy) {
      const target = `http://${server.host}:${server.port}${process.env.WEBHOOK_PATH || "/api/github/webhooks"}`;
      new WebhookProxyChannel({ source: proxy, target, log }).start();
    }
  }
} catch (error) {
  const line = listenFailure(error, process.env);
  if (!line) throw error;
  process.stderr.write(`GLM Review cannot start: ${line}\n`);
  process.exit(1);
}
