export interface TokenUsage {
  prompt: number;
  completion: number;
  /** Reasoning tokens inside `completion`, where the endpoint reports them. */
  reasoning: number | undefined;
  total: number;
  /** True when the endpoint sent no `usage` and the figures are our own estimate. */
  estimated: boolean;
}

/** What one chat call gave back: an answer, or why there is none. Model adapters never throw past this. */
export type ChatOutcome =
  | { kind: "answered"; content: string; reasoning: string; finishReason: string | null; usage: TokenUsage | null }
  | { kind: "rate_limited"; status: number; detail: string }
  | { kind: "timeout"; timeoutMs: number }
  | { kind: "failed"; status: number | undefined; detail: string };
