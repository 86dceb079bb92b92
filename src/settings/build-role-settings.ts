import { inferProvider } from "../models/llm-provider.js";
import type { ReasoningEffort } from "../models/reasoning-params.js";
import { knownPrices } from "./known-prices.js";
import { SETTINGS_DEFAULTS, type EndpointSettings, type Prices, type RawEnv, type Settings } from "./settings-schema.js";

export type Endpoint = Pick<EndpointSettings, "baseURL" | "apiKey" | "provider">;

export function cloudflareBaseUrl(accountId: string): string {
  return `https://api.cloudflare.com/client/v4/accounts/${accountId}/ai/v1`;
}

const stripSlash = (url: string) => url.replace(/\/+$/, "");

/** Where each role's calls go: its own base URL and key, or the shared ones (LLM_* or the Cloudflare shortcut). */
export function resolveEndpoints(e: RawEnv) {
  const cloudflare = e.CLOUDFLARE_ACCOUNT_ID ? cloudflareBaseUrl(e.CLOUDFLARE_ACCOUNT_ID) : undefined;
  const sharedBase = e.LLM_BASE_URL ?? cloudflare;
  const sharedKey = e.LLM_API_KEY ?? (e.LLM_BASE_URL ? undefined : e.CLOUDFLARE_API_TOKEN);
  const endpoint = (base?: string, key?: string): Endpoint | null => {
    const baseURL = base ?? sharedBase;
    if (!baseURL) return null;
    // Local servers (Ollama, vLLM) take no key; the SDK still wants a string.
    return { baseURL: stripSlash(baseURL), apiKey: key ?? sharedKey ?? "no-key", provider: e.LLM_PROVIDER ?? inferProvider(baseURL) };
  };
  const lead = endpoint(e.LEAD_BASE_URL, e.LEAD_API_KEY);
  const leadIsCloudflare = (e.LEAD_BASE_URL ?? sharedBase) === cloudflare && cloudflare !== undefined;
  return {
    delegate: endpoint(e.DELEGATE_BASE_URL, e.DELEGATE_API_KEY),
    lead,
    // Workers AI has a known cheap lead; elsewhere LEAD_MODEL must be named.
    leadModel: e.LEAD_MODEL ?? (leadIsCloudflare ? SETTINGS_DEFAULTS.cloudflareLeadModel : undefined),
  };
}

const reasoning = (given: ReasoningEffort | undefined, fallback: ReasoningEffort) => ({ effort: given ?? fallback, explicit: given !== undefined });

/** Explicit prices win field by field; otherwise the provider's listing when we know the model. */
function prices(at: { provider: string; model: string }, input?: number, output?: number, cached?: number): Prices | null {
  const listed = knownPrices(at.provider, at.model);
  const inputPrice = input ?? listed?.input;
  const outputPrice = output ?? listed?.output;
  if (inputPrice === undefined || outputPrice === undefined) return null;
  return { input: inputPrice, output: outputPrice, cachedInput: cached ?? listed?.cachedInput ?? inputPrice };
}

export function delegateSettings(e: RawEnv, endpoint: Endpoint): Settings["delegate"] {
  return {
    ...endpoint,
    model: e.DELEGATE_MODEL,
    reasoning: reasoning(e.DELEGATE_REASONING_EFFORT, SETTINGS_DEFAULTS.delegateReasoningEffort),
    prices: prices({ provider: endpoint.provider, model: e.DELEGATE_MODEL }, e.DELEGATE_PRICE_INPUT, e.DELEGATE_PRICE_OUTPUT, e.DELEGATE_PRICE_CACHED_INPUT),
    maxTokens: e.DELEGATE_MAX_TOKENS,
    inputTokens: e.DELEGATE_INPUT_TOKENS,
    // A ceiling below the floor is the floor: the budget never shrinks below DELEGATE_INPUT_TOKENS.
    maxInputTokens: Math.max(e.DELEGATE_INPUT_TOKENS, e.DELEGATE_MAX_INPUT_TOKENS),
    timeoutMs: e.DELEGATE_TIMEOUT_MS,
    stallMs: e.DELEGATE_STALL_MS,
  };
}

export function leadSettings(e: RawEnv, endpoint: Endpoint | null, model: string | undefined): Settings["lead"] {
  if (!endpoint || !model) return null;
  return {
    ...endpoint,
    model,
    reasoning: reasoning(e.LEAD_REASONING_EFFORT, SETTINGS_DEFAULTS.leadReasoningEffort),
    prices: prices({ provider: endpoint.provider, model }, e.LEAD_PRICE_INPUT, e.LEAD_PRICE_OUTPUT),
    maxTokens: e.LEAD_MAX_TOKENS,
    inputTokens: e.LEAD_INPUT_TOKENS,
    timeoutMs: e.LEAD_TIMEOUT_MS,
    stallMs: e.LEAD_TIMEOUT_MS,
    maxCalls: e.LEAD_MAX_CALLS,
  };
}

/** The narrow coder: the lead's endpoint, CODER_MODEL or the lead's model; never the delegate model. */
export function coderSettings(e: RawEnv, endpoint: Endpoint | null, lead: Settings["lead"]): Settings["coder"] {
  const model = e.CODER_MODEL ?? lead?.model;
  if (!endpoint || !model || model === e.DELEGATE_MODEL || e.CODER_MAX_CALLS <= 0) return null;
  return {
    ...endpoint,
    model,
    reasoning: reasoning(e.LEAD_REASONING_EFFORT, SETTINGS_DEFAULTS.leadReasoningEffort),
    prices: lead && model === lead.model ? lead.prices : prices({ provider: endpoint.provider, model }),
    maxTokens: e.CODER_MAX_TOKENS,
    inputTokens: SETTINGS_DEFAULTS.coderInputTokens,
    timeoutMs: e.CODER_TIMEOUT_MS,
    stallMs: e.CODER_TIMEOUT_MS,
    maxCalls: e.CODER_MAX_CALLS,
  };
}
