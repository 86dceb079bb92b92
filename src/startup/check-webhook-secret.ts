export interface SecretCheck {
  /** "missing-production" refuses the start; "missing" starts with a warning. */
  state: "set" | "missing" | "missing-production" | "no-app";
  message: string;
}

/**
 * WEBHOOK_SECRET as the start and the doctor judge it. Probot verifies signatures with the public word
 * "development" when the secret is empty, in production too: anyone could then send pull_request
 * events and spend the model budget. Before APP_ID is set the setup page writes the secret itself.
 */
export function checkWebhookSecret(env: NodeJS.ProcessEnv): SecretCheck {
  if (env.WEBHOOK_SECRET?.trim()) return { state: "set", message: "WEBHOOK_SECRET: set (webhook signatures are verified with it)" };
  if (!env.APP_ID?.trim() && env.NODE_ENV !== "production") return { state: "no-app", message: "WEBHOOK_SECRET: not set yet (the setup page writes it with APP_ID)" };
  const risk = 'webhooks signed with the public word "development" would be accepted';
  const fix = "set WEBHOOK_SECRET to the Webhook secret in the GitHub App's settings";
  return env.NODE_ENV === "production"
    ? { state: "missing-production", message: `WEBHOOK_SECRET is not set and NODE_ENV is production: ${risk}; ${fix}` }
    : { state: "missing", message: `WEBHOOK_SECRET is not set: ${risk} (refused when NODE_ENV=production); ${fix}` };
}
