/** The endpoint families whose reasoning control we know. Behaviour follows the endpoint, not the model name. */
export const LLM_PROVIDERS = ["cloudflare", "zai", "openrouter", "openai", "ollama", "vllm", "generic"] as const;
export type LlmProvider = (typeof LLM_PROVIDERS)[number];

/** LLM_PROVIDER unset: the base URL's host decides; anything unknown is `generic`. */
export function inferProvider(baseURL: string): LlmProvider {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return "generic";
  }
  const host = url.hostname.toLowerCase();
  if (host === "api.cloudflare.com" || host.endsWith(".cloudflare.com")) return "cloudflare";
  if (host === "api.z.ai" || host.endsWith(".z.ai") || host.endsWith("bigmodel.cn")) return "zai";
  if (host.endsWith("openrouter.ai")) return "openrouter";
  if (host === "api.openai.com") return "openai";
  if (url.port === "11434" || host.includes("ollama")) return "ollama";
  return "generic";
}
