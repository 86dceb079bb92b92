import { envSchema, SETTINGS_DEFAULTS, type EndpointSettings, type RawEnv, type Settings } from "./settings-schema.js";

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`GLM Review cannot start, fix the environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "SettingsError";
  }
}

export function cloudflareBaseUrl(accountId: string): string {
  return `https://api.cloudflare.com/client/v4/accounts/${accountId}/ai/v1`;
}

const NO_ENDPOINT =
  "no model endpoint: set LLM_BASE_URL (any OpenAI-compatible /chat/completions server), " +
  "or CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN, or DELEGATE_BASE_URL";

const stripSlash = (url: string) => url.replace(/\/+$/, "");

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
  return (parsed.success ? parsed.data : undefined) ?? SETTINGS_DEFAULTS.githubRequestTimeoutMs;
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
  const problems: string[] = [];
  const warnings: string[] = [];

  const cloudflare = e.CLOUDFLARE_ACCOUNT_ID ? cloudflareBaseUrl(e.CLOUDFLARE_ACCOUNT_ID) : undefined;
  if (e.CLOUDFLARE_ACCOUNT_ID && !e.CLOUDFLARE_API_TOKEN && !e.LLM_API_KEY) {
    problems.push("CLOUDFLARE_ACCOUNT_ID is set but CLOUDFLARE_API_TOKEN is not: Workers AI needs the token");
  }
  const sharedBase = e.LLM_BASE_URL ?? cloudflare;
  const sharedKey = e.LLM_API_KEY ?? (e.LLM_BASE_URL ? undefined : e.CLOUDFLARE_API_TOKEN);

  const endpoint = (role: "LEAD" | "DELEGATE", base?: string, key?: string): Omit<EndpointSettings, "model"> | null => {
    const baseURL = base ?? sharedBase;
    if (!baseURL) return null;
    // Local servers (Ollama, vLLM) take no key; the SDK still wants a string.
    return { baseURL: stripSlash(baseURL), apiKey: key ?? sharedKey ?? "no-key" };
  };

  const delegateEndpoint = endpoint("DELEGATE", e.DELEGATE_BASE_URL, e.DELEGATE_API_KEY);
  if (!delegateEndpoint) {
    problems.push(NO_ENDPOINT);
  }
  const leadEndpoint = endpoint("LEAD", e.LEAD_BASE_URL, e.LEAD_API_KEY);
  const leadBaseIsCloudflare = (e.LEAD_BASE_URL ?? sharedBase) === cloudflare && cloudflare !== undefined;
  let leadModel = e.LEAD_MODEL;
  if (!leadModel && leadBaseIsCloudflare) leadModel = SETTINGS_DEFAULTS.cloudflareLeadModel;
  if (!leadModel) {
    warnings.push(
      "LEAD_MODEL is not set: summaries will be a file list only. Set LEAD_MODEL to a cheap, fast model of your endpoint.",
    );
  }
  if (!leadEndpoint && leadModel && delegateEndpoint) {
    problems.push("LEAD_MODEL is set but no endpoint for it: set LEAD_BASE_URL or LLM_BASE_URL");
  }

  if (problems.length > 0 || !delegateEndpoint) throw new SettingsError(problems);

  const delegateMaxTokens = e.DELEGATE_MAX_TOKENS ?? SETTINGS_DEFAULTS.delegateMaxTokens;
  const delegateInputTokens = e.DELEGATE_INPUT_TOKENS ?? SETTINGS_DEFAULTS.delegateInputTokens;
  const dailyTokenBudget = e.DAILY_TOKEN_BUDGET ?? SETTINGS_DEFAULTS.dailyTokenBudget;
  if (delegateMaxTokens >= dailyTokenBudget) {
    warnings.push(
      `DAILY_TOKEN_BUDGET (${dailyTokenBudget}) does not exceed DELEGATE_MAX_TOKENS (${delegateMaxTokens}): ` +
        "every delegate call reserves its prompt plus max_tokens, so the delegate will never be called",
    );
  }

  return {
    lead:
      leadEndpoint && leadModel
        ? {
            ...leadEndpoint,
            model: leadModel,
            maxTokens: e.LEAD_MAX_TOKENS ?? SETTINGS_DEFAULTS.leadMaxTokens,
            inputTokens: e.LEAD_INPUT_TOKENS ?? SETTINGS_DEFAULTS.leadInputTokens,
            timeoutMs: e.LEAD_TIMEOUT_MS ?? SETTINGS_DEFAULTS.leadTimeoutMs,
          }
        : null,
    delegate: {
      ...delegateEndpoint,
      model: e.DELEGATE_MODEL ?? SETTINGS_DEFAULTS.delegateModel,
      maxTokens: delegateMaxTokens,
      inputTokens: delegateInputTokens,
      timeoutMs: e.DELEGATE_TIMEOUT_MS ?? SETTINGS_DEFAULTS.delegateTimeoutMs,
    },
    dailyTokenBudget,
    reviewConcurrency: e.REVIEW_CONCURRENCY ?? SETTINGS_DEFAULTS.reviewConcurrency,
    syncDebounceMs: e.SYNC_DEBOUNCE_MS ?? SETTINGS_DEFAULTS.syncDebounceMs,
    jobMaxAttempts: e.JOB_MAX_ATTEMPTS ?? SETTINGS_DEFAULTS.jobMaxAttempts,
    jobRetryBaseMs: e.JOB_RETRY_BASE_MS ?? SETTINGS_DEFAULTS.jobRetryBaseMs,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS ?? SETTINGS_DEFAULTS.shutdownGraceMs,
    jobLockMs: e.JOB_LOCK_MS ?? SETTINGS_DEFAULTS.jobLockMs,
    githubRequestTimeoutMs: e.GITHUB_REQUEST_TIMEOUT_MS ?? SETTINGS_DEFAULTS.githubRequestTimeoutMs,
    reviewTimeoutMs: e.REVIEW_TIMEOUT_MS ?? SETTINGS_DEFAULTS.reviewTimeoutMs,
    dataDir: e.DATA_DIR ?? SETTINGS_DEFAULTS.dataDir,
    redisUrl: e.REDIS_URL,
    warnings,
    ownSecrets: ownSecretsOf(e),
  };
}
