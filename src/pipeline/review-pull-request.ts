import { createInlineReview } from "../github/create-inline-review.js";
import { fetchPullRequest } from "../github/fetch-pull-request.js";
import { describeGitHubError, type GitHubClient, type PullRef } from "../github/github-client.js";
import { listPullRequestFiles } from "../github/list-pull-request-files.js";
import { SummaryCommentWriter } from "../github/summary-comment-writer.js";
import { buildDiffModel } from "../review/build-diff-model.js";
import { maskSecretsInDiff, maskSecretsInText } from "../review/mask-secrets.js";
import { modelLabel } from "../review/model-label.js";
import { plural } from "../review/plural.js";
import { placeFindings, type Placement } from "../review/place-findings.js";
import { renderInlineComment } from "../review/render-inline-comment.js";
import { renderSummaryComment, type ReviewPostResult, type SummaryInput } from "../review/render-summary-comment.js";
import type { ParsedRepoConfig } from "../settings/parse-repo-config.js";
import { utcDay } from "../store/review-store.js";
import type { ReviewLogger, ReviewServices } from "./review-context.js";
import { runDelegatePass } from "./run-delegate-pass.js";
import { runLead } from "./run-lead.js";

/**
 * One review: read the PR, lead summary (published at once), one delegate pass, findings placed on
 * the diff, the review, then the summary edited in place with the outcome. Only GitHub failures to
 * read the PR or to write the final summary end it early (thrown, logged by the queue).
 */
export async function reviewPullRequest(
  octokit: GitHubClient,
  ref: PullRef,
  repoConfig: ParsedRepoConfig,
  services: ReviewServices,
  log: ReviewLogger,
): Promise<void> {
  const { settings, metrics, store } = services;
  const pr = await fetchPullRequest(octokit, ref);
  const files = await listPullRequestFiles(octokit, ref);
  // Secrets are masked before any model sees the diff or the PR text; line numbers stay as they are.
  const masked = await maskSecretsInDiff(buildDiffModel(files, repoConfig.config.ignore), settings.ownSecrets);
  const title = await maskSecretsInText(pr.title, settings.ownSecrets);
  const description = await maskSecretsInText(pr.body, settings.ownSecrets);
  const diff = masked.diff;
  const maskedSecrets = masked.masked + title.masked + description.masked;
  if (maskedSecrets > 0) log.info({ maskedSecrets }, "masked likely secrets before the model calls");
  const prText = { number: ref.pullNumber, title: title.text, body: description.text };
  const label = modelLabel(settings.delegate.model);
  const writer = new SummaryCommentWriter(octokit, ref);
  const day = () => utcDay(services.now());

  const lead = await runLead(prText, diff, services, log);
  const base: SummaryInput = {
    headSha: pr.headSha,
    delegateLabel: label,
    lead,
    delegate: null,
    placement: null,
    review: { kind: "none" },
    diff,
    promptLeftOut: [],
    promptPartial: [],
    contextTrimmed: false,
    configProblems: repoConfig.problems,
    maskedSecrets,
    budget: { spentToday: await store.tokensCommitted(day()), dailyBudget: settings.dailyTokenBudget },
  };
  try {
    // The lead's summary reaches the PR first; if the delegate or the process fails later, it stays.
    await writer.write(renderSummaryComment(base));
  } catch (error) {
    log.warn({ err: describeGitHubError(error) }, "could not post the lead summary; going on to the delegate");
  }

  const { outcome, prompt } = await runDelegatePass(
    { pr: prText, diff, leadNotes: lead.kind === "ok" ? lead.text : null, maxFindings: repoConfig.config.max_findings, repo: `${ref.owner}/${ref.repo}`, repoCap: repoConfig.config.daily_token_cap },
    services,
    log,
  );
  metrics.delegateOutcomes.inc({ outcome: outcome.kind });

  let placement: Placement | null = null;
  let review: ReviewPostResult = { kind: "none" };
  if (outcome.kind === "ok") {
    placement = placeFindings(outcome.findings, diff, new Set(files.map((f) => f.filename)), repoConfig.config.max_findings);
    if (placement.inline.length > 0) {
      try {
        const comments = placement.inline.map((placed) => ({ placed, body: renderInlineComment(placed.finding, label) }));
        await createInlineReview(octokit, ref, pr.headSha, comments, `${label} left ${plural(comments.length, "inline comment")}; the summary is in the PR conversation.`);
        review = { kind: "posted", inline: comments.length };
      } catch (error) {
        metrics.failures.inc({ stage: "create_review" });
        log.warn({ err: describeGitHubError(error) }, "GitHub refused the review; findings go to the summary");
        review = { kind: "failed", reason: describeGitHubError(error) };
      }
    }
  }

  const body = renderSummaryComment({
    ...base,
    delegate: outcome,
    placement,
    review,
    promptLeftOut: prompt?.compacted.leftOut ?? [],
    promptPartial: prompt?.compacted.partial ?? [],
    contextTrimmed: prompt?.compacted.contextTrimmed ?? false,
    budget: { spentToday: await store.tokensCommitted(day()), dailyBudget: settings.dailyTokenBudget },
  });
  await writer.write(body);
  log.info({ outcome: outcome.kind, inline: review.kind === "posted" ? review.inline : 0, unplaced: placement?.unplaced.length ?? 0 }, "review posted");
}
