import type { LlmProvider } from "./llm-provider.js";

export const REASONING_EFFORTS = ["none", "low", "medium", "high", "max"] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

export interface ReasoningSetting {
  effort: ReasoningEffort;
  /** Given in the environment, not a default: a `generic` endpoint gets the parameter only then. */
  explicit: boolean;
}

/**
 * The request body fields that set how hard the model thinks, in the provider's own words.
 * Cloudflare's GLM-5.2 takes none/high/max and maps low/medium to high, as Z.ai's API does; OpenAI and
 * OpenRouter call the top level `xhigh`.
 */
export function reasoningParams(provider: LlmProvider, setting: ReasoningSetting): Record<string, unknown> {
  const { effort } = setting;
  const on = effort !== "none";
  switch (provider) {
    case "cloudflare":
      return { reasoning_effort: effort };
    case "openai":
      return { reasoning_effort: effort === "max" ? "xhigh" : effort };
    case "zai":
      return { thinking: { type: on ? "enabled" : "disabled" } };
    case "openrouter":
      return { reasoning: { effort: effort === "max" ? "xhigh" : effort } };
    case "ollama":
      return { think: on };
    case "vllm":
      return { chat_template_kwargs: { enable_thinking: on } };
    case "generic":
      return setting.explicit ? { reasoning_effort: effort } : {};
  }
}
