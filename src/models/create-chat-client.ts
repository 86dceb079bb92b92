import OpenAI from "openai";
import type { EndpointSettings } from "../settings/settings-schema.js";

/**
 * One OpenAI-compatible client per role. Base URL and key are passed explicitly so the SDK never
 * picks up OPENAI_* from the environment. `maxRetries` is the caller's: the delegate gets 0
 * (one trigger, one billable call), the cheap lead may retry.
 */
export function createChatClient(endpoint: EndpointSettings, options: { maxRetries: number; timeoutMs: number }): OpenAI {
  return new OpenAI({
    baseURL: endpoint.baseURL,
    apiKey: endpoint.apiKey,
    maxRetries: options.maxRetries,
    timeout: options.timeoutMs,
  });
}
