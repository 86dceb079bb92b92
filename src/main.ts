import { run } from "probot";
import { SmeeClient } from "smee-client";
import { createGlmOctokit } from "./github/glm-octokit.js";
import app from "./index.js";
import { githubRequestTimeoutMs } from "./settings/load-settings.js";
import { applyDotEnv } from "./startup/apply-dot-env.js";
import { createAppLog } from "./startup/create-app-log.js";
import { checkWebhookSecret } from "./startup/check-webhook-secret.js";
import { startupRefusal } from "./startup/startup-refusal.js";

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
await run(app, { Octokit: createGlmOctokit(() => githubRequestTimeoutMs(process.env)), log, SmeeClient });
