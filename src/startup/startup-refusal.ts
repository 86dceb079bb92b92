import { createPrivateKey } from "node:crypto";
import { getPrivateKey } from "@probot/get-private-key";
import { checkWebhookSecret } from "./check-webhook-secret.js";

/**
 * Why the process must not start, in one line naming the variable, or null. Probot serves its setup
 * pages (which write .env) whenever APP_ID or the key is missing or unreadable: that is only right for
 * a brand-new install on a developer's machine, never once an app id is set, never in production.
 * Production also needs WEBHOOK_SECRET: without it Probot checks signatures against a public word.
 */
export function startupRefusal(env: NodeJS.ProcessEnv): string | null {
  if (!env.APP_ID?.trim()) {
    return env.NODE_ENV === "production"
      ? "APP_ID is not set and NODE_ENV is production: a production server never offers the app registration page; set APP_ID, PRIVATE_KEY and WEBHOOK_SECRET from the GitHub App's settings"
      : null;
  }
  if (!/^\d+$/.test(env.APP_ID.trim())) return `APP_ID must be the GitHub App's numeric id (got "${env.APP_ID.slice(0, 20)}")`;
  let pem: string | null;
  try {
    pem = getPrivateKey({ env });
  } catch (error) {
    return `APP_ID is set but the private key cannot be read (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); set PRIVATE_KEY to the .pem contents or PRIVATE_KEY_PATH to its file`;
  }
  if (!pem) return "APP_ID is set but there is no private key; set PRIVATE_KEY to the app's .pem contents or PRIVATE_KEY_PATH to its file";
  try {
    createPrivateKey(pem);
  } catch {
    const from = env.PRIVATE_KEY ? "PRIVATE_KEY" : "PRIVATE_KEY_PATH";
    return `APP_ID is set but ${from} is not a valid private key; download a new .pem from the GitHub App's settings and set ${from} to it`;
  }
  const secret = checkWebhookSecret(env);
  return secret.state === "missing-production" ? secret.message : null;
}
