import { completeChat } from "../models/complete-chat.js";
import { buildLeadMessages } from "../review/build-lead-messages.js";
import type { PullRequestText } from "../review/chat-message.js";
import type { DiffModel } from "../review/diff-model.js";
import type { LeadResult } from "../review/render-summary-comment.js";
import type { ReviewLogger, ReviewServices } from "./review-context.js";

/** The cheap lead's summary: one bounded call; any failure becomes a reason, never an exception. */
export async function runLead(pr: PullRequestText, diff: DiffModel, services: ReviewServices, log: ReviewLogger): Promise<LeadResult> {
  const lead = services.settings.lead;
  if (!lead || !services.leadClient) return { kind: "disabled" };
  if (diff.files.length === 0 && diff.leftOut.length === 0) return { kind: "failed", reason: "the pull request has no changed files", model: lead.model };
  const prompt = buildLeadMessages(pr, diff, lead.inputTokens);
  const outcome = await completeChat(services.leadClient, { model: lead.model, messages: prompt.messages, maxTokens: lead.maxTokens, timeoutMs: lead.timeoutMs });
  if (outcome.kind === "answered") {
    if (outcome.usage) {
      services.metrics.tokens.inc({ role: "lead", kind: "prompt" }, outcome.usage.prompt);
      services.metrics.tokens.inc({ role: "lead", kind: "completion" }, outcome.usage.completion);
    }
    const text = outcome.content.trim();
    log.info({ promptTokens: prompt.estimatedTokens, finishReason: outcome.finishReason }, "lead answered");
    if (text) return { kind: "ok", text, model: lead.model };
    return { kind: "failed", reason: `empty answer (finish_reason ${outcome.finishReason ?? "missing"})`, model: lead.model };
  }
  const reason =
    outcome.kind === "timeout" ? `no answer within ${Math.round(outcome.timeoutMs / 1000)} s` :
    outcome.kind === "rate_limited" ? `rate limited (${outcome.status})` :
    `${outcome.status ? `HTTP ${outcome.status}: ` : ""}${outcome.detail}`;
  log.warn({ reason }, "lead failed");
  return { kind: "failed", reason, model: lead.model };
}
