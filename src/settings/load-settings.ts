import { inferProvider } from "../models/llm-provider.js";
import type { ReasoningEffort } from "../models/reasoning-params.js";
import { knownPrices } from "./known-prices.js";
import { envSchema, SETTINGS_DEFAULTS, type EndpointSettings, type Prices, type RawEnv, type Settings } from "./settings-schema.js";

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

  const endpoint = (base?: string, key?: string): Pick<EndpointSettings, "baseURL" | "apiKey" | "provider"> | null => {
    const baseURL = base ?? sharedBase;
    if (!baseURL) return null;
    // Local servers (Ollama, vLLM) take no key; the SDK still wants a string.
    return { baseURL: stripSlash(baseURL), apiKey: key ?? sharedKey ?? "no-key", provider: e.LLM_PROVIDER ?? inferProvider(baseURL) };
  };
  const reasoning = (given: ReasoningEffort | undefined, fallback: ReasoningEffort) => ({ effort: given ?? fallback, explicit: given !== undefined });
  /** Explicit prices win field by field; otherwise the provider's listing when we know the model. */
  const prices = (at: { provider: string; model: string }, input?: number, output?: number, cached?: number): Prices | null => {
    const listed = knownPrices(at.provider, at.model);
    const inputPrice = input ?? listed?.input;
    const outputPrice = output ?? listed?.output;
    if (inputPrice === undefined || outputPrice === undefined) return null;
    return { input: inputPrice, output: outputPrice, cachedInput: cached ?? listed?.cachedInput ?? inputPrice };
  };

  const delegateEndpoint = endpoint(e.DELEGATE_BASE_URL, e.DELEGATE_API_KEY);
  if (!delegateEndpoint) {
    problems.push(NO_ENDPOINT);
  }
  const leadEndpoint = endpoint(e.LEAD_BASE_URL, e.LEAD_API_KEY);
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

  const delegateMaxTokens = e.DELEGATE_MAX_TOKENS ?? SETTINGS_DEFAULTS.delegateMaxTokens;
  if (problems.length > 0 || !delegateEndpoint) throw new SettingsError(problems);
  // A warning, not a refusal: a small budget is a legitimate way to test the out-of-budget path.
  if (delegateMaxTokens < SETTINGS_DEFAULTS.delegateMinMaxTokens) {
    warnings.push(
      `DELEGATE_MAX_TOKENS=${delegateMaxTokens} is below ${SETTINGS_DEFAULTS.delegateMinMaxTokens}: GLM-5.2 reasons before it answers and will likely ` +
        `spend it all on thinking and answer nothing; set DELEGATE_MAX_TOKENS to at least ${SETTINGS_DEFAULTS.delegateMinMaxTokens} (default ${SETTINGS_DEFAULTS.delegateMaxTokens})`,
    );
  }

  const delegateModel = e.DELEGATE_MODEL ?? SETTINGS_DEFAULTS.delegateModel;
  for (const [name, model, at] of [["DELEGATE_MODEL", delegateModel, delegateEndpoint], ["LEAD_MODEL", leadModel, leadEndpoint]] as const) {
    if (model?.startsWith("@cf/") && at && at.provider !== "cloudflare") {
      warnings.push(
        `${name} is \`${model}\`, a Cloudflare Workers AI name, but its endpoint ${new URL(at.baseURL).host} is not Cloudflare: ` +
          `set ${name} to a model that endpoint serves, or use CLOUDFLARE_ACCOUNT_ID`,
      );
    }
  }
  const delegateInputTokens = e.DELEGATE_INPUT_TOKENS ?? SETTINGS_DEFAULTS.delegateInputTokens;
  const dailyTokenBudget = e.DAILY_TOKEN_BUDGET ?? SETTINGS_DEFAULTS.dailyTokenBudget;
  if (delegateMaxTokens >= dailyTokenBudget) {
    warnings.push(
      `DAILY_TOKEN_BUDGET (${dailyTokenBudget}) does not exceed DELEGATE_MAX_TOKENS (${delegateMaxTokens}): ` +
        "every delegate call reserves its prompt plus max_tokens, so the delegate will never be called",
    );
  }

  const leadTimeoutMs = e.LEAD_TIMEOUT_MS ?? SETTINGS_DEFAULTS.leadTimeoutMs;
  const lead =
    leadEndpoint && leadModel
      ? {
          ...leadEndpoint,
          model: leadModel,
          reasoning: reasoning(e.LEAD_REASONING_EFFORT, SETTINGS_DEFAULTS.leadReasoningEffort),
          prices: prices({ provider: leadEndpoint.provider, model: leadModel }, e.LEAD_PRICE_INPUT, e.LEAD_PRICE_OUTPUT),
          maxTokens: e.LEAD_MAX_TOKENS ?? SETTINGS_DEFAULTS.leadMaxTokens,
          inputTokens: e.LEAD_INPUT_TOKENS ?? SETTINGS_DEFAULTS.leadInputTokens,
          timeoutMs: leadTimeoutMs,
          stallMs: leadTimeoutMs,
          maxCalls: e.LEAD_MAX_CALLS ?? SETTINGS_DEFAULTS.leadMaxCalls,
        }
      : null;
  const coderModel = e.CODER_MODEL ?? lead?.model;
  const coderMaxCalls = e.CODER_MAX_CALLS ?? SETTINGS_DEFAULTS.coderMaxCalls;
  const coderTimeoutMs = e.CODER_TIMEOUT_MS ?? SETTINGS_DEFAULTS.coderTimeoutMs;
  if (coderModel !== undefined && coderModel === delegateModel && leadEndpoint) {
    warnings.push("CODER_MODEL is the delegate model: the coder must be a cheap model, so it is off; set CODER_MODEL to the lead's model or another cheap one");
  }

  return {
    lead,
    delegate: {
      ...delegateEndpoint,
      model: delegateModel,
      reasoning: reasoning(e.DELEGATE_REASONING_EFFORT, SETTINGS_DEFAULTS.delegateReasoningEffort),
      prices: prices({ provider: delegateEndpoint.provider, model: delegateModel }, e.DELEGATE_PRICE_INPUT, e.DELEGATE_PRICE_OUTPUT, e.DELEGATE_PRICE_CACHED_INPUT),
      maxTokens: delegateMaxTokens,
      inputTokens: delegateInputTokens,
      timeoutMs: e.DELEGATE_TIMEOUT_MS ?? SETTINGS_DEFAULTS.delegateTimeoutMs,
      stallMs: e.DELEGATE_STALL_MS ?? SETTINGS_DEFAULTS.delegateStallMs,
    },
    coder:
      leadEndpoint && coderModel && coderModel !== delegateModel && coderMaxCalls > 0
        ? {
            ...leadEndpoint,
            model: coderModel,
            reasoning: reasoning(e.LEAD_REASONING_EFFORT, SETTINGS_DEFAULTS.leadReasoningEffort),
            prices: lead && coderModel === lead.model ? lead.prices : prices({ provider: leadEndpoint.provider, model: coderModel }),
            maxTokens: e.CODER_MAX_TOKENS ?? SETTINGS_DEFAULTS.coderMaxTokens,
            inputTokens: SETTINGS_DEFAULTS.coderInputTokens,
            timeoutMs: coderTimeoutMs,
            stallMs: coderTimeoutMs,
            maxCalls: coderMaxCalls,
          }
        : null,
    contextMaxFiles: e.CONTEXT_MAX_FILES ?? SETTINGS_DEFAULTS.contextMaxFiles,
    webhookProxyUrl: e.WEBHOOK_PROXY_URL,
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
