import { countUsage } from "./count-usage.js";
import { interpretLeadAnswer, type LeadResult } from "../review/answer/interpret-lead-answer.js";
import type { DiffModel } from "../review/diff/diff-model.js";
import type { PullRequestText } from "../review/prompt/chat-message.js";
import { buildLeadMessages } from "../review/prompt/build-lead-messages.js";
import { buildMaskedPrompt } from "../review/secrets/build-masked-prompt.js";
import type { DiffMasker } from "../review/secrets/diff-masker.js";
import type { ReviewLogger, ReviewServices } from "./review-context.js";

/** The cheap lead's summary: one bounded call; any failure becomes a reason, never an exception. */
export async function runLead(pr: PullRequestText, diff: DiffModel, masker: DiffMasker, services: ReviewServices, log: ReviewLogger): Promise<LeadResult> {
  const lead = services.settings.lead;
  if (!lead || !services.lead) return { kind: "disabled" };
  if (diff.files.length === 0 && diff.leftOut.length === 0) return { kind: "failed", reason: "the pull request has no changed files", model: lead.model };
  const prompt = await buildMaskedPrompt(diff, masker, (masked) => buildLeadMessages(pr, masked, lead.inputTokens));
  const outcome = await services.lead.complete(prompt.messages);
  if (outcome.kind === "answered" && outcome.usage) countUsage(services, "lead", outcome.usage, lead.prices);
  if (outcome.kind === "not_served") services.metrics.modelNotServed.inc({ role: "lead" });
  const result = interpretLeadAnswer(outcome, lead.model);
  if (result.kind === "ok") log.info({ promptTokens: prompt.estimatedTokens, finishReason: outcome.kind === "answered" ? outcome.finishReason : null }, "lead answered");
  else if (result.kind === "failed") log.warn({ reason: result.reason }, "lead failed");
  return result;
}
