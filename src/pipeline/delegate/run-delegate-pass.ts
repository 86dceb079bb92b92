import type { ModelPrompt } from "../../review/prompt/assemble-prompt.js";
import type { PullRequestText } from "../../review/prompt/chat-message.js";
import { countUsage } from "../services/count-usage.js";
import type { HeadFiles } from "../../github/head-files.js";
import type { RepoInstructions } from "../../review/prompt/maintainer-instructions.js";
import { buildDelegatePrompt } from "./build-delegate-prompt.js";
import { delegateUsage, type DelegateOutcome } from "../../review/answer/delegate-outcome.js";
import type { DiffModel } from "../../review/diff/diff-model.js";
import { interpretDelegateAnswer } from "./interpret-delegate-answer.js";
import type { DiffMasker } from "../../review/secrets/diff-masker.js";
import { utcDay } from "../../store/review-store.js";
import type { ReviewLogger, ReviewServices } from "../services/review-services.js";

const INTERRUPTED: DelegateOutcome = {
  kind: "error",
  status: undefined,
  detail: "the call was interrupted by a restart and is not repeated (one call per trigger); comment /glm review to try again",
};

export interface DelegatePass {
  outcome: DelegateOutcome;
  prompt: ModelPrompt | null;
}

/**
 * The fuse: at most one call of the expensive model per trigger. The day's budget is reserved first
 * (prompt estimate + max_tokens, the worst case), then settled from the answer's `usage`.
 */
export async function runDelegatePass(
  input: { deliveryId: string; pr: PullRequestText; diff: DiffModel; masker: DiffMasker; headFiles: HeadFiles | null; instructions?: RepoInstructions; leadNotes: string | null; maxFindings: number; repo: string; repoCap: number | null },
  services: ReviewServices,
  log: ReviewLogger,
): Promise<DelegatePass> {
  const { settings, store, metrics } = services;
  const delegate = settings.delegate;
  if (input.diff.files.length === 0) {
    return { outcome: { kind: "not_needed", reason: "no file in this PR has a reviewable diff" }, prompt: null };
  }
  const prompt = await buildDelegatePrompt(input, input.masker, input.headFiles, delegate.inputTokens, settings.contextMaxFiles);
  // One call per trigger, also across retries and restarts: an earlier attempt's outcome is reused.
  const earlier = await store.delegateOutcome(input.deliveryId);
  if (earlier !== undefined) {
    log.info("delegate outcome reused from an earlier attempt of this delivery");
    return { outcome: JSON.parse(earlier) as DelegateOutcome, prompt };
  }
  const needed = prompt.estimatedTokens + delegate.maxTokens;
  const reservation = await store.reserveTokens({ day: utcDay(services.now()), repo: input.repo, tokens: needed, dailyBudget: settings.dailyTokenBudget, repoCap: input.repoCap });
  if (!reservation.granted) {
    log.info({ needed, committed: reservation.committed, limit: reservation.limit }, "delegate skipped: daily budget spent");
    const budget = reservation.limit === "repo" ? (input.repoCap ?? 0) : settings.dailyTokenBudget;
    return { outcome: { kind: "daily_budget_spent", limit: reservation.limit, budget, spent: reservation.committed, needed }, prompt };
  }
  // Written before the call: if the process dies during it, the restart does not call again.
  await store.saveDelegateOutcome(input.deliveryId, JSON.stringify(INTERRUPTED));
  const chat = await services.delegate.complete(prompt.messages);
  const outcome = interpretDelegateAnswer(chat, delegate, prompt.estimatedTokens);
  // A timed-out call may still be billed: keep the whole reservation. Refused calls (a model that is
  // not served, a refused stream) cost nothing: the reservation is released.
  const usage = delegateUsage(outcome);
  const used = usage ? usage.total : outcome.kind === "timeout" || chat.kind === "cut" ? needed : 0;
  await store.settleTokens(reservation.reservationId, used);
  await store.saveDelegateOutcome(input.deliveryId, JSON.stringify(outcome));
  if (usage) countUsage(services, "delegate", usage, delegate.prices);
  if (outcome.kind === "model_not_served") metrics.modelNotServed.inc({ role: "delegate" });
  // The estimate beside the endpoint's own count: how far the o200k estimate is from GLM's tokenizer.
  const promptTokens = usage && !usage.estimated ? usage.prompt : undefined;
  log.info({ outcome: outcome.kind, estimatedPromptTokens: prompt.estimatedTokens, promptTokens, usedTokens: used }, "delegate finished");
  return { outcome, prompt };
}
