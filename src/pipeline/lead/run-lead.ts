import type { ChatOutcome, TokenUsage } from "../../review/answer/chat-outcome.js";
import { interpretLeadAnswer, type LeadResult } from "../../review/answer/interpret-lead-answer.js";
import { diffTokensWithin } from "../../review/diff/diff-tokens-within.js";
import { buildLeadMessages } from "./build-lead-messages.js";
import type { ModelPrompt } from "../../review/prompt/assemble-prompt.js";
import { buildMaskedPrompt } from "../../review/secrets/build-masked-prompt.js";
import { countUsage } from "../services/count-usage.js";
import type { ReviewInput } from "../mask/build-review-input.js";
import type { ReviewRun } from "../services/review-run.js";

const sumUsage = (a: TokenUsage | undefined, b: TokenUsage | null | undefined): TokenUsage | undefined =>
  !b ? a : !a ? b : {
    prompt: a.prompt + b.prompt,
    completion: a.completion + b.completion,
    reasoning: a.reasoning === undefined && b.reasoning === undefined ? undefined : (a.reasoning ?? 0) + (b.reasoning ?? 0),
    cachedPrompt: (a.cachedPrompt ?? 0) + (b.cachedPrompt ?? 0) || undefined,
    total: a.total + b.total,
    estimated: a.estimated || b.estimated,
  };

/**
 * Stage 4, lead: the cheap lead's first call summarises and names the risky files. On a PR bigger than the
 * delegate's cap it reads the rest in up to LEAD_MAX_CALLS chunks (each within LEAD_INPUT_TOKENS) and
 * names the risky files of each: the breadth pass that tells the delegate where to look. Any failure
 * becomes a reason (or, for a triage chunk, is skipped: ranking falls back to the deterministic one).
 */
export async function runLead(run: Pick<ReviewRun, "services" | "log" | "repoConfig">, input: Pick<ReviewInput, "prText" | "diff" | "masker">): Promise<LeadResult> {
  const { services, log } = run;
  const { prText: pr, diff, masker } = input;
  const instructions = { general: run.repoConfig.config.instructions, paths: run.repoConfig.config.path_instructions };
  const lead = services.settings.lead;
  if (!lead || !services.lead) return { kind: "disabled" };
  if (diff.files.length === 0 && diff.leftOut.length === 0) return { kind: "failed", reason: "the pull request has no changed files", model: lead.model };
  // Bigger than the delegate's floor: the lead reads the rest in chunks and names the risky files of each.
  const triage = lead.maxCalls > 1 && diffTokensWithin(diff, services.settings.delegate.inputTokens) === false;
  const chunks: ModelPrompt[] = [];
  const maxChunks = triage ? lead.maxCalls : 1;
  let rest = diff;
  while (chunks.length < maxChunks) {
    const part = triage ? { index: chunks.length + 1, of: lead.maxCalls } : undefined;
    const prompt = await buildMaskedPrompt(rest, masker, (masked) => buildLeadMessages(pr, masked, lead.inputTokens, instructions, part));
    if (chunks.length > 0 && prompt.compacted.included.length === 0) break;
    chunks.push(prompt);
    // The next chunk reads the files this one did not read whole.
    const cutShort = new Set(prompt.compacted.partial.map((p) => p.path));
    const read = new Set(prompt.compacted.included.filter((i) => !cutShort.has(i.file.path)).map((i) => i.file.path));
    rest = { files: rest.files.filter((f) => !read.has(f.path)), leftOut: [] };
    if (read.size === 0 || rest.files.length === 0) break;
  }
  let usage: TokenUsage | undefined;
  const outcomes: ChatOutcome[] = [];
  for (const [i, prompt] of chunks.entries()) {
    const outcome = await services.lead.complete(prompt.messages);
    outcomes.push(outcome);
    if (outcome.kind === "answered" && outcome.usage) {
      countUsage(services, "lead", outcome.usage, lead.prices);
      usage = sumUsage(usage, outcome.usage);
    }
    if (outcome.kind === "not_served") services.metrics.modelNotServed.inc({ role: "lead" });
    // A lead that is not served or rate limited will not do better on the next chunk.
    if (i === 0 && outcome.kind !== "answered") break;
  }
  const first = outcomes[0];
  if (!first) return { kind: "failed", reason: "nothing to read", model: lead.model };
  const result = interpretLeadAnswer(first, lead.model);
  const triageNotes = outcomes.slice(1).flatMap((o) => (o.kind === "answered" && o.content.trim() ? [o.content.trim()] : []));
  const filesSkimmed = chunks.reduce((n, c) => n + c.compacted.included.length, 0);
  if (result.kind === "ok") {
    log.info({ calls: outcomes.length, filesSkimmed, promptTokens: chunks[0]?.estimatedTokens }, "lead answered");
    return { ...result, ...(usage ? { usage } : {}), triage: triageNotes, calls: outcomes.length, filesSkimmed };
  }
  if (result.kind === "failed") log.warn({ reason: result.reason }, "lead failed");
  return usage && result.kind === "failed" ? { ...result, usage } : result;
}
