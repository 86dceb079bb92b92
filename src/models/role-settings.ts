import type { Prices } from "../review/answer/prices.js";
import type { LlmProvider } from "./llm-provider.js";
import type { ReasoningSetting } from "./reasoning-params.js";

/** One model endpoint as the settings resolve it. */
export interface EndpointSettings {
  baseURL: string;
  apiKey: string;
  model: string;
  provider: LlmProvider;
  reasoning: ReasoningSetting;
  /** Null when unknown: the footer then shows tokens only. */
  prices: Prices | null;
}

/** An endpoint with one role's caps. */
export type RoleSettings = EndpointSettings & { maxTokens: number; inputTokens: number; timeoutMs: number; stallMs: number };
