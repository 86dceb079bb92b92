import type { ModelPrompt } from "../../review/prompt/assemble-prompt.js";
import { countUsage } from "../services/count-usage.js";
import type { HeadFiles } from "../../github/head-files.js";
import { delegateInputBudget, type InputBudget } from "./delegate-input-budget.js";
import { reserveDollars, settleDollars } from "./dollar-ledger.js";
import { buildDelegatePrompt } from "./build-delegate-prompt.js";
import { delegateUsage, type DelegateOutcome } from "../../review/answer/delegate-outcome.js";
import { interpretDelegateAnswer } from "./interpret-delegate-answer.js";
import { utcDay } from "../../store/review-store.js";
import type { LeadResult } from "../../review/answer/interpret-lead-answer.js";
import type { ReviewInput } from "../mask/build-review-input.js";
import type { ReviewRun } from "../services/review-run.js";
import type { FindingRecord } from "../../store/finding-record.js";
import { findingToken } from "../earlier/findings-touched.js";

const INTERRUPTED: DelegateOutcome = {
  kind: "error",
  status: undefined,
  detail: "the call was interrupted by a restart and is not repeated (one call per trigger); comment /glm review to try again",
};

export interface DelegatePass {
  outcome: DelegateOutcome;
  /** The prompt sent (or that would have been), with the budget it was built within. */
  prompt: (ModelPrompt & { budget: InputBudget }) | null;
}

/**
 * Stage 5, delegate. The fuse: at most one call of the expensive model per trigger. The day's budget is reserved first
 * (prompt estimate + max_tokens, the worst case), then settled from the answer's `usage`.
 */
export async function runDelegatePass(run: ReviewRun, { input, lead, headFiles, listed = [] }: { input: ReviewInput; lead: LeadResult; headFiles: HeadFiles | null; listed?: FindingRecord[] }): Promise<DelegatePass> {
  const { services, log, ref, deliveryId } = run;
  const { settings, store, metrics } = services;
  const { max_findings: maxFindings, daily_token_cap: repoCap, instructions: general, path_instructions: paths } = run.repoConfig.config;
  const repo = `${ref.owner}/${ref.repo}`;
  // The triage chunks' notes come first: the delegate ranks files in the order the lead named them.
  const leadNotes = lead.kind === "ok" ? [...(lead.triage ?? []), lead.text].join("\n\n") : null;
  const delegate = settings.delegate;
  if (input.diff.files.length === 0) {
    return { outcome: { kind: "not_needed", reason: "no file in this PR has a reviewable diff" }, prompt: null };
  }
  // Earlier findings the push may have fixed: data in the prompt, masked like the diff.
  const earlierFindings = await Promise.all(listed.map((r) => input.masker.maskText(`- [${r.severity}] ${r.title.replace(/\s+/g, " ").slice(0, 200)} (${r.path}:${r.line}) id: ${findingToken(r)}`)));
  const promptInput = { pr: input.prText, diff: input.diff, leadNotes, maxFindings, instructions: { general, paths }, earlierFindings };
  const budget = delegateInputBudget(input.diff, delegate.inputTokens, delegate.maxInputTokens);
  const prompt = { ...(await buildDelegatePrompt(promptInput, input.masker, headFiles, budget.tokens, settings.contextMaxFiles)), budget };
  // One call per trigger, also across retries and restarts: an earlier attempt's outcome is reused.
  const earlier = await store.delegateOutcome(deliveryId);
  if (earlier !== undefined) {
    log.info("delegate outcome reused from an earlier attempt of this delivery");
    return { outcome: JSON.parse(earlier) as DelegateOutcome, prompt };
  }
  const needed = prompt.estimatedTokens + delegate.maxTokens;
  const reservation = await store.reserveTokens({ day: utcDay(services.now()), repo, tokens: needed, dailyBudget: settings.dailyTokenBudget, repoCap });
  if (!reservation.granted) {
    log.info({ needed, committed: reservation.committed, limit: reservation.limit }, "delegate skipped: daily budget spent");
    const budget = reservation.limit === "repo" ? (repoCap ?? 0) : settings.dailyTokenBudget;
    return { outcome: { kind: "daily_budget_spent", limit: reservation.limit, budget, spent: reservation.committed, needed }, prompt };
  }
  // Where both budgets are set, the tighter one holds: the dollars are reserved too, or the tokens given back.
  const dollars = await reserveDollars(store, settings, { day: utcDay(services.now()), repo, promptTokens: prompt.estimatedTokens });
  if (dollars && !dollars.granted) {
    await store.settleTokens(reservation.reservationId, 0);
    log.info({ neededUsd: dollars.needed, spentUsd: dollars.spent }, "delegate skipped: daily dollar budget spent");
    return { outcome: { kind: "daily_budget_spent", limit: "usd", budget: dollars.budget, spent: dollars.spent, needed: dollars.needed }, prompt };
  }
  // Written before the call: if the process dies during it, the restart does not call again.
  await store.saveDelegateOutcome(deliveryId, JSON.stringify(INTERRUPTED));
  const chat = await services.delegate.complete(prompt.messages);
  const outcome = interpretDelegateAnswer(chat, delegate, prompt.estimatedTokens);
  // A timed-out call may still be billed: keep the whole reservation. Refused calls (a model that is
  // not served, a refused stream) cost nothing: the reservation is released.
  const usage = delegateUsage(outcome);
  const billed = outcome.kind === "timeout" || chat.kind === "cut";
  const used = usage ? usage.total : billed ? needed : 0;
  await store.settleTokens(reservation.reservationId, used);
  await settleDollars(store, settings, dollars, usage ?? null, billed);
  await store.saveDelegateOutcome(deliveryId, JSON.stringify(outcome));
  if (usage) countUsage(services, "delegate", usage, delegate.prices);
  if (outcome.kind === "model_not_served") metrics.modelNotServed.inc({ role: "delegate" });
  // The estimate beside the endpoint's own count: how far the o200k estimate is from GLM's tokenizer.
  const promptTokens = usage && !usage.estimated ? usage.prompt : undefined;
  log.info({ outcome: outcome.kind, estimatedPromptTokens: prompt.estimatedTokens, promptTokens, usedTokens: used }, "delegate finished");
  return { outcome, prompt };
}
