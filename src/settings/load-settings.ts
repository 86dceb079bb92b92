import { coderSettings, delegateSettings, leadSettings, resolveEndpoints } from "./build-role-settings.js";
import { envSchema, SETTINGS_DEFAULTS, type RawEnv, type Settings } from "./settings-schema.js";
import { settingsWarnings } from "./settings-warnings.js";

export { cloudflareBaseUrl } from "./build-role-settings.js";

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`GLM Review cannot start, fix the environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "SettingsError";
  }
}

const NO_ENDPOINT =
  "no model endpoint: set LLM_BASE_URL (any OpenAI-compatible /chat/completions server), " +
  "or CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN, or DELEGATE_BASE_URL";

/** Every key the app holds, and each line of its private key's body, for masking. */
function ownSecretsOf(e: RawEnv): string[] {
  const redisPassword = e.REDIS_URL ? decodeURIComponent(new URL(e.REDIS_URL).password) : undefined;
  const keys = [e.LLM_API_KEY, e.LEAD_API_KEY, e.DELEGATE_API_KEY, e.CLOUDFLARE_API_TOKEN, e.WEBHOOK_SECRET, redisPassword];
  const pemLines = (e.PRIVATE_KEY ?? "").replace(/\\n/g, "\n").split("\n").filter((l) => l.length >= 16 && !l.startsWith("-----"));
  return [...keys, ...pemLines].filter((k): k is string => typeof k === "string" && k.length >= 8);
}

/**
 * GITHUB_REQUEST_TIMEOUT_MS alone, for the Octokit class built before the app loads. A bad value gives
 * the default here; loadSettings reports it and stops the start.
 */
export function githubRequestTimeoutMs(env: NodeJS.ProcessEnv): number {
  const parsed = envSchema.shape.GITHUB_REQUEST_TIMEOUT_MS.safeParse(env.GITHUB_REQUEST_TIMEOUT_MS);
  return parsed.success ? parsed.data : SETTINGS_DEFAULTS.githubRequestTimeoutMs;
}

/** Environment -> typed settings. Every problem is reported at once, each naming its variable. */
export function loadSettings(env: NodeJS.ProcessEnv): Settings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => i.message);
    if (!env.LLM_BASE_URL && !env.CLOUDFLARE_ACCOUNT_ID && !env.DELEGATE_BASE_URL) problems.push(NO_ENDPOINT);
    throw new SettingsError(problems);
  }
  const e = parsed.data;
  const at = resolveEndpoints(e);
  const problems: string[] = [];
  if (e.CLOUDFLARE_ACCOUNT_ID && !e.CLOUDFLARE_API_TOKEN && !e.LLM_API_KEY) {
    problems.push("CLOUDFLARE_ACCOUNT_ID is set but CLOUDFLARE_API_TOKEN is not: Workers AI needs the token");
  }
  if (!at.delegate) problems.push(NO_ENDPOINT);
  if (!at.lead && at.leadModel && at.delegate) problems.push("LEAD_MODEL is set but no endpoint for it: set LEAD_BASE_URL or LLM_BASE_URL");
  if (problems.length > 0 || !at.delegate) throw new SettingsError(problems);
  const lead = leadSettings(e, at.lead, at.leadModel);
  const delegate = delegateSettings(e, at.delegate);
  const warnings = settingsWarnings(e, { delegate: at.delegate, lead: at.lead, leadModel: at.leadModel });
  // Dollars need the delegate's prices; without them only DAILY_TOKEN_BUDGET bounds the day.
  if (e.DAILY_BUDGET_USD > 0 && !delegate.prices && env.DAILY_BUDGET_USD !== undefined) {
    warnings.push(`DAILY_BUDGET_USD is set but the delegate model's prices are unknown: set DELEGATE_PRICE_INPUT and DELEGATE_PRICE_OUTPUT, or only DAILY_TOKEN_BUDGET (${e.DAILY_TOKEN_BUDGET}) bounds the day`);
  }
  return {
    lead,
    delegate,
    coder: coderSettings(e, at.lead, lead),
    contextMaxFiles: e.CONTEXT_MAX_FILES,
    threadAnswersPerPr: e.THREAD_ANSWERS_PER_PR,
    webhookProxyUrl: e.WEBHOOK_PROXY_URL,
    dailyTokenBudget: e.DAILY_TOKEN_BUDGET,
    dailyBudgetUsd: e.DAILY_BUDGET_USD > 0 && delegate.prices ? e.DAILY_BUDGET_USD : null,
    reviewConcurrency: e.REVIEW_CONCURRENCY,
    syncDebounceMs: e.SYNC_DEBOUNCE_MS,
    jobMaxAttempts: e.JOB_MAX_ATTEMPTS,
    jobRetryBaseMs: e.JOB_RETRY_BASE_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    jobLockMs: e.JOB_LOCK_MS,
    githubRequestTimeoutMs: e.GITHUB_REQUEST_TIMEOUT_MS,
    reviewTimeoutMs: e.REVIEW_TIMEOUT_MS,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    warnings,
    ownSecrets: ownSecretsOf(e),
  };
}
