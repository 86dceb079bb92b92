import OpenAI from "openai";
import { Stream } from "openai/streaming";
import type { ChatMessage } from "../review/prompt/chat-message.js";
import type { ChatOutcome, TokenUsage } from "../review/answer/chat-outcome.js";
import { briefDetail, isModelNotServed, isStreamRefused } from "./classify-model-error.js";
import { htmlPageName } from "./provider-error.js";

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  maxTokens: number;
  /** The whole call, connect to last byte. */
  timeoutMs: number;
  /** Streaming only: no bytes for this long ends the call as a stalled timeout. */
  stallMs: number;
  stream: boolean;
  /** Provider-specific body fields (the reasoning control), sent as they are. */
  extraBody: Record<string, unknown>;
}

/** Fields some OpenAI-compatible servers add beside `content`; not in the SDK's types. */
interface ReasoningFields {
  reasoning_content?: unknown;
  reasoning?: unknown;
}

type Answer = Extract<ChatOutcome, { kind: "answered" }>;

function readUsage(usage: OpenAI.CompletionUsage | null | undefined): TokenUsage | null {
  if (!usage || typeof usage.prompt_tokens !== "number" || typeof usage.completion_tokens !== "number") return null;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  const cached = usage.prompt_tokens_details?.cached_tokens;
  return {
    prompt: usage.prompt_tokens,
    completion: usage.completion_tokens,
    reasoning: typeof reasoning === "number" ? reasoning : undefined,
    ...(typeof cached === "number" && cached > 0 ? { cachedPrompt: cached } : {}),
    total: typeof usage.total_tokens === "number" ? usage.total_tokens : usage.prompt_tokens + usage.completion_tokens,
    estimated: false,
  };
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");
const reasoningOf = (part: ReasoningFields): string => text(part.reasoning_content) || text(part.reasoning);

/** A non-streamed body (also what an endpoint that ignores `stream` sends back). */
function answerFromCompletion(completion: OpenAI.ChatCompletion): Answer {
  const choice = completion.choices?.[0];
  const message = (choice?.message ?? {}) as OpenAI.ChatCompletionMessage & ReasoningFields;
  return { kind: "answered", content: text(message.content), reasoning: reasoningOf(message), finishReason: choice?.finish_reason ?? null, usage: readUsage(completion.usage), streamed: false };
}

/** Passes the body through and calls `onBytes` for every chunk: the stall guard's heartbeat. */
function watchBytes(body: ReadableStream<Uint8Array>, onBytes: () => void): ReadableStream<Uint8Array> {
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        onBytes();
        controller.enqueue(chunk);
      },
    }),
  );
}

/**
 * Server-sent chunks -> one answer. Reasoning and content deltas are joined; usage comes from the last
 * chunk (stream_options.include_usage). A stream that ends with no finish_reason was cut off.
 */
async function answerFromStream(stream: Stream<OpenAI.ChatCompletionChunk>): Promise<Answer | null> {
  let content = "";
  let reasoning = "";
  let finishReason: string | null = null;
  let usage: TokenUsage | null = null;
  for await (const chunk of stream) {
    const choice = chunk.choices?.[0];
    if (choice) {
      const delta = (choice.delta ?? {}) as OpenAI.ChatCompletionChunk.Choice.Delta & ReasoningFields;
      content += text(delta.content);
      reasoning += reasoningOf(delta);
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
    usage = readUsage(chunk.usage) ?? usage;
  }
  if (finishReason === null) return null;
  return { kind: "answered", content, reasoning, finishReason, usage, streamed: true };
}

/** A 2xx body that should be a chat.completion; an HTML page (a proxy's error page) is said to be one. */
async function readJsonBody(response: Response): Promise<ChatOutcome> {
  const raw = await response.text();
  try {
    return answerFromCompletion(JSON.parse(raw) as OpenAI.ChatCompletion);
  } catch {
    const page = htmlPageName(raw, response.headers.get("content-type") ?? "");
    const what = page ? `${page} instead of a JSON answer` : raw.trim() === "" ? "an empty body" : "a body that is not JSON";
    return { kind: "failed", status: response.status, detail: `the endpoint answered ${what}` };
  }
}

function errorText(error: unknown): string {
  if (error instanceof OpenAI.APIError) {
    const body = error.error === undefined ? "" : JSON.stringify(error.error);
    return `${error.message} ${error.code ?? ""} ${body}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function failure(error: unknown, streamed: boolean): ChatOutcome {
  const status = error instanceof OpenAI.APIError ? error.status : undefined;
  const all = errorText(error);
  // The SDK prefixes the status ("404 The model …"); the outcome carries the status on its own.
  const detail = briefDetail((error instanceof Error ? error.message : String(error)).replace(/^\d{3}\s+/, ""));
  if (status === 429) return { kind: "rate_limited", status, detail };
  if (status === 404 || status === 410 || (isModelNotServed(status, all) && !(streamed && isStreamRefused(status, all)))) return { kind: "not_served", status, detail };
  if (streamed && status !== undefined && isStreamRefused(status, all)) return { kind: "stream_refused", status, detail };
  return { kind: "failed", status, detail };
}

/**
 * One chat completion, never thrown past: the answer (content, reasoning, finish reason, usage) or a
 * typed reason there is none. Streams by default; an endpoint that answers plain JSON instead is read
 * as such. Reads `reasoning_content` (GLM, DeepSeek, vLLM) and `reasoning` (OpenRouter, Ollama).
 */
export async function completeChat(client: OpenAI, request: ChatRequest): Promise<ChatOutcome> {
  // Our own wall-clock cap over the whole call (connect, wait, body), whatever the SDK's timeout covers.
  const deadline = new AbortController();
  let stalled = false;
  let streaming = false;
  // Set only by our own timers: the SDK's stream aborts the controller it is given on any early end.
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    deadline.abort();
  }, request.timeoutMs);
  let stallTimer: NodeJS.Timeout | undefined;
  const heartbeat = () => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => {
      stalled = true;
      expired = true;
      deadline.abort();
    }, request.stallMs);
  };
  const timedOut = (): ChatOutcome =>
    stalled ? { kind: "timeout", timeoutMs: request.stallMs, stalled: true } : { kind: "timeout", timeoutMs: request.timeoutMs };
  try {
    const body = {
      ...request.extraBody,
      model: request.model,
      messages: request.messages,
      max_tokens: request.maxTokens,
      ...(request.stream ? { stream: true as const, stream_options: { include_usage: true } } : { stream: false as const }),
    };
    const response = await client.chat.completions.create(body, { timeout: request.timeoutMs, signal: deadline.signal }).asResponse();
    const type = response.headers.get("content-type") ?? "";
    if (!request.stream || !type.includes("text/event-stream") || !response.body) return readJsonBody(response);
    streaming = true;
    heartbeat();
    const watched = new Response(watchBytes(response.body, heartbeat), { headers: response.headers });
    const answer = await answerFromStream(Stream.fromSSEResponse<OpenAI.ChatCompletionChunk>(watched, new AbortController(), client));
    if (expired) return timedOut();
    return answer ?? { kind: "cut", detail: "the stream ended early" };
  } catch (error) {
    if (expired || error instanceof OpenAI.APIConnectionTimeoutError) return timedOut();
    if (streaming && (!(error instanceof OpenAI.APIError) || error instanceof OpenAI.APIConnectionError)) {
      // A body that breaks off mid-stream (socket closed, garbage frame) after the headers were fine.
      return { kind: "cut", detail: `the stream ended early (${briefDetail(error instanceof Error ? error.message : String(error), 120)})` };
    }
    return failure(error, request.stream);
  } finally {
    clearTimeout(timer);
    clearTimeout(stallTimer);
  }
}
