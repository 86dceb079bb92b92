import { createInlineReview } from "./create-inline-review.js";
import { describeGitHubError } from "../../github/github-client.js";
import { SummaryCommentWriter } from "./summary-comment-writer.js";
import type { DelegateOutcome } from "../../review/answer/delegate-outcome.js";
import type { LeadResult } from "../../review/answer/interpret-lead-answer.js";
import type { Finding } from "../../review/answer/delegate-answer-schema.js";
import type { CheckedSuggestion } from "../suggestions/check-suggestion.js";
import type { ModelPrompt } from "../../review/prompt/assemble-prompt.js";
import { plural } from "../../review/text/plural.js";
import { renderInlineComment } from "./render-inline-comment.js";
import { renderSummaryComment, type ReviewPostResult, type SummaryInput } from "./render-summary-comment.js";
import type { ParsedRepoConfig } from "../../settings/parse-repo-config.js";
import { utcDay } from "../../store/review-store.js";
import type { DiffModel } from "../../review/diff/diff-model.js";
import type { NewFindings } from "../placement/place-new-findings.js";
import type { ReviewRun } from "../services/review-run.js";
import { dollarsCommitted } from "../delegate/dollar-ledger.js";
import { pullRequestKey } from "../../triggers/review-job.js";
import { findingRecord } from "./finding-record-of.js";
import type { EarlierFindings } from "../earlier/follow-earlier-findings.js";
import type { FindingRecord } from "../../store/finding-record.js";
import type { ReviewLogger, ReviewServices } from "../services/review-services.js";

/**
 * Everything a review writes to the PR: the summary comment (created once, then edited in place), and
 * the COMMENT review with the fresh inline findings.
 */
export class ReviewPublisher {
  readonly #writer: SummaryCommentWriter;
  #base: SummaryInput | undefined;

  private readonly octokit: ReviewRun["octokit"];
  private readonly ref: ReviewRun["ref"];
  private readonly services: ReviewServices;
  private readonly log: ReviewLogger;

  constructor(run: ReviewRun) {
    ({ octokit: this.octokit, ref: this.ref, services: this.services, log: this.log } = run);
    this.#writer = new SummaryCommentWriter(this.octokit, this.ref);
  }

  /** The lead's summary reaches the PR first; if the delegate or the process fails later, it stays. */
  async publishLead(lead: LeadResult, diff: DiffModel, context: { headSha: string; label: string; scopeNote: string | undefined; repoConfig: ParsedRepoConfig; maskedSecrets: number; earlier?: EarlierFindings }): Promise<void> {
    this.#base = {
      earlier: context.earlier,
      headSha: context.headSha,
      delegateLabel: context.label,
      scopeNote: context.scopeNote,
      lead,
      delegate: null,
      placement: null,
      repeatedFindings: 0,
      review: { kind: "none" },
      diff,
      promptLeftOut: [],
      promptPartial: [],
      contextTrimmed: false,
      configProblems: context.repoConfig.problems,
      maskedSecrets: context.maskedSecrets,
      budget: await this.#budget(),
      prices: { delegate: this.services.settings.delegate.prices, lead: this.services.settings.lead?.prices ?? null },
    };
    try {
      await this.#writer.write(renderSummaryComment(this.#base));
    } catch (error) {
      this.log.warn({ err: describeGitHubError(error) }, "could not post the lead summary; going on to the delegate");
    }
  }

  /**
   * The COMMENT review with the fresh inline findings, each then recorded with its comment id so its
   * thread can be followed; GitHub refusing the review moves them into the summary.
   */
  async publishInline(found: NewFindings, headSha: string, label: string, checks: ReadonlyMap<Finding, CheckedSuggestion> = new Map()): Promise<ReviewPostResult> {
    const fresh = found.placement?.inline ?? [];
    if (fresh.length === 0) return { kind: "none" };
    try {
      const comments = fresh.map((placed) => ({ placed, body: renderInlineComment(placed.finding, label, checks.get(placed.finding)) }));
      const ids = await createInlineReview(this.octokit, this.ref, headSha, comments, `${label} left ${plural(comments.length, "inline comment")}; the summary is in the PR conversation.`);
      await this.#record(fresh.map((placed, i) => findingRecord(placed, found.fingerprints[i] ?? "", ids[i] ?? null, checks.get(placed.finding), headSha)));
      return { kind: "posted", inline: comments.length };
    } catch (error) {
      this.services.metrics.failures.inc({ stage: "create_review" });
      this.log.warn({ err: describeGitHubError(error) }, "GitHub refused the review; findings go to the summary");
      return { kind: "failed", reason: describeGitHubError(error) };
    }
  }

  /** The earlier findings as they stand after the delegate closed those a push fixed. */
  updateEarlier(earlier: EarlierFindings): void {
    if (this.#base) this.#base = { ...this.#base, earlier };
  }

  /** The summary edited in place with the delegate's outcome; a failure here fails the job (it is retried). */
  async publishOutcome(outcome: DelegateOutcome, prompt: (ModelPrompt & { budget?: { tokens: number; atCeiling: boolean } }) | null, found: NewFindings, review: ReviewPostResult, maskedSecrets: number, coder?: SummaryInput["coder"]): Promise<void> {
    if (!this.#base) throw new Error("publishLead must run first");
    await this.#writer.write(
      renderSummaryComment({
        ...this.#base,
        delegate: outcome,
        placement: found.placement,
        repeatedFindings: found.repeated,
        review,
        maskedSecrets,
        coder,
        promptLeftOut: prompt?.compacted.leftOut ?? [],
        promptPartial: prompt?.compacted.partial ?? [],
        contextTrimmed: prompt?.compacted.contextTrimmed ?? false,
        coverage: prompt
          ? {
              hunks: prompt.compacted.included.reduce((sum, i) => sum + i.keptHunks, 0),
              rankedByLead: this.#base.lead.kind === "ok",
              leadSkimmed: this.#base.lead.kind === "ok" && (this.#base.lead.calls ?? 1) > 1 ? this.#base.lead.filesSkimmed : undefined,
              contextFiles: prompt.context?.files ?? 0,
              scopes: prompt.context?.scopes ?? 0,
              ceiling: prompt.budget?.atCeiling ? prompt.budget.tokens : undefined,
            }
          : undefined,
        budget: await this.#budget(),
      }),
    );
  }

  /** The posted findings recorded to be followed later; a store that fails loses their follow-up, never the review. */
  async #record(records: FindingRecord[]): Promise<void> {
    this.services.metrics.findings.inc({ event: "posted" }, records.length);
    try {
      await this.services.store.saveFindingRecords(pullRequestKey(this.ref), records);
    } catch (error) {
      this.log.warn({ err: error instanceof Error ? error.message : String(error) }, "could not record the posted findings; their threads will not be followed");
    }
  }

  async #budget(): Promise<SummaryInput["budget"]> {
    const { store, settings, now } = this.services;
    const day = utcDay(now());
    const usd = settings.dailyBudgetUsd !== null ? { spent: await dollarsCommitted(store, day), budget: settings.dailyBudgetUsd } : undefined;
    return { spentToday: await store.tokensCommitted(day), dailyBudget: settings.dailyTokenBudget, ...(usd ? { usd } : {}) };
  }
}
