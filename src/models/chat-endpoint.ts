import type OpenAI from "openai";
import type { ChatOutcome } from "../review/answer/chat-outcome.js";
import type { ChatMessage } from "../review/prompt/chat-message.js";
import type { RoleSettings } from "./role-settings.js";
import { completeChat } from "./complete-chat.js";
import { reasoningParams } from "./reasoning-params.js";

/** Endpoints that refused `stream: true`, by base URL: they are called without it from then on (this process). */
export class StreamMemory {
  readonly #refused = new Set<string>();
  streams(baseURL: string): boolean {
    return !this.#refused.has(baseURL);
  }
  refuse(baseURL: string): void {
    this.#refused.add(baseURL);
  }
}

/**
 * One role's model endpoint: its client, its reasoning control in the provider's words, and whether
 * it streams. `retryWithoutStream`: a cheap role may repeat a call the endpoint refused to stream; the
 * delegate never does (one call per trigger) and waits for the next review.
 */
export class ChatEndpoint {
  constructor(
    readonly client: OpenAI,
    readonly role: RoleSettings,
    private readonly memory: StreamMemory,
    private readonly retryWithoutStream: boolean,
  ) {}

  get streams(): boolean {
    return this.memory.streams(this.role.baseURL);
  }

  async complete(messages: ChatMessage[], options: { maxTokens?: number; model?: string } = {}): Promise<ChatOutcome> {
    const call = (stream: boolean) =>
      completeChat(this.client, {
        model: options.model ?? this.role.model,
        messages,
        maxTokens: options.maxTokens ?? this.role.maxTokens,
        timeoutMs: this.role.timeoutMs,
        stallMs: this.role.stallMs,
        stream,
        extraBody: reasoningParams(this.role.provider, this.role.reasoning),
      });
    const outcome = await call(this.streams);
    if (outcome.kind !== "stream_refused") return outcome;
    this.memory.refuse(this.role.baseURL);
    return this.retryWithoutStream ? call(false) : outcome;
  }
}
