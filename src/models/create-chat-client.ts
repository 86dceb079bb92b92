import OpenAI from "openai";
import type { RoleSettings } from "./role-settings.js";
import { ChatEndpoint, StreamMemory } from "./chat-endpoint.js";
import { fetchReadingErrors } from "./fetch-reading-errors.js";

/**
 * One OpenAI-compatible client per role. Base URL and key are passed explicitly so the SDK never
 * picks up OPENAI_* from the environment. `maxRetries` is the caller's: the delegate gets 0
 * (one trigger, one billable call), the cheap lead may retry.
 */
export function createChatClient(endpoint: RoleSettings, options: { maxRetries: number }): OpenAI {
  return new OpenAI({
    baseURL: endpoint.baseURL,
    apiKey: endpoint.apiKey,
    maxRetries: options.maxRetries,
    timeout: endpoint.timeoutMs,
    // Failures become outcomes with their own sentences; the SDK's console lines would only repeat them.
    logLevel: "off",
    // Error bodies come in each provider's own envelope (Cloudflare's `errors[]`): read them ourselves.
    fetch: fetchReadingErrors(),
  });
}

/** The three roles' endpoints, sharing one memory of which base URLs refused to stream. */
export function createChatEndpoints(roles: { lead: RoleSettings | null; delegate: RoleSettings; coder: RoleSettings | null }, leadRetries: number) {
  const memory = new StreamMemory();
  const { lead, delegate, coder } = roles;
  return {
    lead: lead ? new ChatEndpoint(createChatClient(lead, { maxRetries: leadRetries }), lead, memory, true) : null,
    delegate: new ChatEndpoint(createChatClient(delegate, { maxRetries: 0 }), delegate, memory, false),
    coder: coder ? new ChatEndpoint(createChatClient(coder, { maxRetries: 0 }), coder, memory, true) : null,
  };
}
