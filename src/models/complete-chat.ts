import OpenAI from "openai";
import type { ChatMessage } from "../review/prompt/chat-message.js";
import type { ChatOutcome, TokenUsage } from "../review/answer/chat-outcome.js";

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  maxTokens: number;
  timeoutMs: number;
}

/** Fields some OpenAI-compatible servers add beside `content`; not in the SDK's types. */
interface ReasoningFields {
  reasoning_content?: unknown;
  reasoning?: unknown;
}

const MAX_DETAIL = 300;

function readUsage(usage: OpenAI.CompletionUsage | undefined): TokenUsage | null {
  if (!usage || typeof usage.prompt_tokens !== "number" || typeof usage.completion_tokens !== "number") return null;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  return {
    prompt: usage.prompt_tokens,
    completion: usage.completion_tokens,
    reasoning: typeof reasoning === "number" ? reasoning : undefined,
    total: typeof usage.total_tokens === "number" ? usage.total_tokens : usage.prompt_tokens + usage.completion_tokens,
    estimated: false,
  };
}

function errorDetail(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, " ").slice(0, MAX_DETAIL);
}

/**
 * One chat completion, never thrown past: the answer (content, reasoning, finish reason, usage) or a
 * typed reason there is none. Reads `reasoning_content` (GLM, DeepSeek, vLLM) and `reasoning`
 * (OpenRouter, Ollama) so the same code works on every endpoint.
 */
export async function completeChat(client: OpenAI, request: ChatRequest): Promise<ChatOutcome> {
  // Our own wall-clock cap over the whole call (connect, wait, body), whatever the SDK's timeout covers.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), request.timeoutMs);
  try {
    const completion = await client.chat.completions.create(
      { model: request.model, messages: request.messages, max_tokens: request.maxTokens, stream: false },
      { timeout: request.timeoutMs, signal: deadline.signal },
    );
    const choice = completion.choices?.[0];
    const message = (choice?.message ?? {}) as OpenAI.ChatCompletionMessage & ReasoningFields;
    const reasoning = typeof message.reasoning_content === "string" ? message.reasoning_content : typeof message.reasoning === "string" ? message.reasoning : "";
    return {
      kind: "answered",
      content: typeof message.content === "string" ? message.content : "",
      reasoning,
      finishReason: choice?.finish_reason ?? null,
      usage: readUsage(completion.usage),
    };
  } catch (error) {
    if (deadline.signal.aborted || error instanceof OpenAI.APIConnectionTimeoutError) return { kind: "timeout", timeoutMs: request.timeoutMs };
    if (error instanceof OpenAI.APIError && error.status === 429) {
      return { kind: "rate_limited", status: 429, detail: errorDetail(error) };
    }
    if (error instanceof OpenAI.APIError) return { kind: "failed", status: error.status, detail: errorDetail(error) };
    return { kind: "failed", status: undefined, detail: errorDetail(error) };
  } finally {
    clearTimeout(timer);
  }
}
