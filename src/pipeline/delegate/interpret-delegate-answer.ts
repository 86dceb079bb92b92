import type { ChatOutcome, TokenUsage } from "../../review/answer/chat-outcome.js";
import type { DelegateOutcome } from "../../review/answer/delegate-outcome.js";
import { estimateTokens } from "../../review/diff/estimate-tokens.js";
import { parseDelegateAnswer } from "./parse-delegate-answer.js";

function usageOf(answer: Extract<ChatOutcome, { kind: "answered" }>, estimatedPromptTokens: number): TokenUsage {
  if (answer.usage) return answer.usage;
  const completion = estimateTokens(answer.content) + estimateTokens(answer.reasoning);
  return { prompt: estimatedPromptTokens, completion, reasoning: undefined, total: estimatedPromptTokens + completion, estimated: true };
}

/**
 * One chat outcome -> the delegate outcome. `finish_reason: "length"` with empty content is the model
 * spending its whole output budget on reasoning: its own outcome, never an empty comment.
 */
export function interpretDelegateAnswer(
  chat: ChatOutcome,
  delegate: { model: string; maxTokens: number; reasoning?: { effort: string } },
  estimatedPromptTokens: number,
): DelegateOutcome {
  const { maxTokens } = delegate;
  switch (chat.kind) {
    case "rate_limited":
      return { kind: "rate_limited", status: chat.status, detail: chat.detail };
    case "timeout":
      return chat.stalled ? { kind: "timeout", timeoutMs: chat.timeoutMs, stalled: true } : { kind: "timeout", timeoutMs: chat.timeoutMs };
    case "not_served":
      return { kind: "model_not_served", model: delegate.model, status: chat.status, detail: chat.detail };
    case "stream_refused":
      return { kind: "error", status: chat.status, detail: `the endpoint refused a streamed call (${chat.detail}); the next review calls it without streaming` };
    case "cut":
      return { kind: "error", status: undefined, detail: chat.detail };
    case "failed":
      return { kind: "error", status: chat.status, detail: chat.detail };
    case "answered": {
      const usage = usageOf(chat, estimatedPromptTokens);
      if (chat.content.trim() === "") {
        if (chat.finishReason === "length") return { kind: "out_of_output_budget", maxTokens, effort: delegate.reasoning?.effort, usage };
        return { kind: "bad_output", reason: `the answer was empty (finish_reason ${chat.finishReason ?? "missing"})`, usage };
      }
      const parsed = parseDelegateAnswer(chat.content);
      if (!parsed.ok) {
        const cut = chat.finishReason === "length" ? "; the answer was cut off by DELEGATE_MAX_TOKENS" : "";
        return { kind: "bad_output", reason: `${parsed.reason}${cut}`, usage };
      }
      return { kind: "ok", summary: parsed.summary, findings: parsed.findings, invalidFindings: parsed.invalidFindings, resolved: parsed.resolved, usage };
    }
  }
}
