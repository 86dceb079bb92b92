export interface TokenUsage {
  prompt: number;
  completion: number;
  /** Reasoning tokens inside `completion`, where the endpoint reports them. */
  reasoning: number | undefined;
  /** Prompt tokens the provider served from its prompt cache (`prompt_tokens_details.cached_tokens`). */
  cachedPrompt?: number;
  total: number;
  /** True when the endpoint sent no `usage` and the figures are our own estimate. */
  estimated: boolean;
}

/** What one chat call gave back: an answer, or why there is none. Model adapters never throw past this. */
export type ChatOutcome =
  | { kind: "answered"; content: string; reasoning: string; finishReason: string | null; usage: TokenUsage | null; streamed?: boolean }
  | { kind: "rate_limited"; status: number; detail: string }
  /** `stalled`: the stream went silent for stallMs (then `timeoutMs` is that silence), not the overall cap. */
  | { kind: "timeout"; timeoutMs: number; stalled?: boolean }
  /** The endpoint does not serve the model (404, unknown, not found, deprecated): nothing was billed. */
  | { kind: "not_served"; status: number | undefined; detail: string }
  /** The endpoint rejected `stream: true` (a 4xx naming `stream`); the next call goes without it. */
  | { kind: "stream_refused"; status: number; detail: string }
  /** The stream broke off before the answer finished; its partial content is never used. */
  | { kind: "cut"; detail: string }
  | { kind: "failed"; status: number | undefined; detail: string };
