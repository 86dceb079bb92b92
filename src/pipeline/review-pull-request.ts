import { compareSinceReview } from "../github/compare-since-review.js";
import { createInlineReview } from "../github/create-inline-review.js";
import { fetchPullRequest } from "../github/fetch-pull-request.js";
import { describeGitHubError, type GitHubClient, type PullRef } from "../github/github-client.js";
import { listPullRequestFiles } from "../github/list-pull-request-files.js";
import { SummaryCommentWriter } from "../github/summary-comment-writer.js";
import { buildDiffModel } from "../review/build-diff-model.js";
import type { PullRequestFile } from "../review/diff-model.js";
import { fingerprintFinding } from "../review/fingerprint-finding.js";
import { maskSecretsInDiff, maskSecretsInText } from "../review/mask-secrets.js";
import { modelLabel } from "../review/model-label.js";
import { placeFindings, type Placement } from "../review/place-findings.js";
import { plural } from "../review/plural.js";
import { renderInlineComment } from "../review/render-inline-comment.js";
import { renderSummaryComment, type ReviewPostResult, type SummaryInput } from "../review/render-summary-comment.js";
import type { ParsedRepoConfig } from "../settings/parse-repo-config.js";
import { utcDay } from "../store/review-store.js";
import { pullRequestKey } from "../triggers/review-job.js";
import type { ReviewLogger, ReviewServices } from "./review-context.js";
import { runDelegatePass } from "./run-delegate-pass.js";
import { runLead } from "./run-lead.js";

export interface ReviewScope {
  /** The delivery that triggered this run: one delegate call per delivery, across retries. */
  deliveryId: string;
  /** A push: review only what changed since the last reviewed head, when that can be told. */
  incremental: boolean;
}

/**
 * One review: read the PR, lead summary (published at once), one delegate pass, findings placed on
 * the diff (never one already posted on this PR), the review, then the summary edited in place with
 * the outcome. Only GitHub failures to read the PR or to write the final summary end it early
 * (thrown, logged by the queue).
 */
export async function reviewPullRequest(
  octokit: GitHubClient,
  ref: PullRef,
  repoConfig: ParsedRepoConfig,
  scope: ReviewScope,
  services: ReviewServices,
  log: ReviewLogger,
): Promise<void> {
  const { settings, metrics, store } = services;
  const prKey = pullRequestKey(ref);
  const pr = await fetchPullRequest(octokit, ref);
  const files = await listPullRequestFiles(octokit, ref);

  // What the models see: the whole PR, or on a push only the commits since the last review.
  let promptFiles: PullRequestFile[] = files;
  let scopeNote: string | undefined;
  if (scope.incremental) {
    const reviewed = await store.lastReviewedHead(prKey);
    if (reviewed === pr.headSha) {
      metrics.skipped.inc({ reason: "head_already_reviewed" });
      log.info("skipped: this head was already reviewed");
      return;
    }
    if (reviewed) {
      const since = await compareSinceReview(octokit, ref, reviewed, pr.headSha);
      if (since.kind === "unchanged") {
        await store.recordReviewedHead(prKey, pr.headSha);
        metrics.skipped.inc({ reason: "push_changed_nothing" });
        log.info({ reviewed, head: pr.headSha }, "skipped: the push changed no file since the last review");
        return;
      }
      if (since.kind === "ahead") {
        promptFiles = since.files;
        scopeNote = `Reviewed the ${plural(since.commits, "new commit")} since \`${reviewed.slice(0, 7)}\` (${plural(since.files.length, "file")}); earlier findings are not repeated.`;
      } else {
        scopeNote = "The branch history was rewritten since the last review, so the whole PR was reviewed again; earlier findings are not repeated.";
      }
    }
  }

  // Secrets are masked before any model sees the diff or the PR text; line numbers stay as they are.
  const masked = await maskSecretsInDiff(buildDiffModel(promptFiles, repoConfig.config.ignore), settings.ownSecrets);
  const title = await maskSecretsInText(pr.title, settings.ownSecrets);
  const description = await maskSecretsInText(pr.body, settings.ownSecrets);
  const diff = masked.diff;
  const maskedSecrets = masked.masked + title.masked + description.masked;
  if (maskedSecrets > 0) log.info({ maskedSecrets }, "masked likely secrets before the model calls");
  const prText = { number: ref.pullNumber, title: title.text, body: description.text };
  // Placement checks lines against the whole PR's diff: that is what GitHub accepts comments on.
  const prDiff = promptFiles === files ? diff : buildDiffModel(files, repoConfig.config.ignore);
  const label = modelLabel(settings.delegate.model);
  const writer = new SummaryCommentWriter(octokit, ref);
  const day = () => utcDay(services.now());

  const lead = await runLead(prText, diff, services, log);
  const base: SummaryInput = {
    headSha: pr.headSha,
    delegateLabel: label,
    scopeNote,
    lead,
    delegate: null,
    placement: null,
    repeatedFindings: 0,
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
    {
      deliveryId: scope.deliveryId,
      pr: prText,
      diff,
      leadNotes: lead.kind === "ok" ? lead.text : null,
      maxFindings: repoConfig.config.max_findings,
      repo: `${ref.owner}/${ref.repo}`,
      repoCap: repoConfig.config.daily_token_cap,
    },
    services,
    log,
  );
  metrics.delegateOutcomes.inc({ outcome: outcome.kind });

  let placement: Placement | null = null;
  let repeatedFindings = 0;
  let review: ReviewPostResult = { kind: "none" };
  const newFingerprints: string[] = [];
  if (outcome.kind === "ok") {
    const placed = placeFindings(outcome.findings, prDiff, new Set(files.map((f) => f.filename)), repoConfig.config.max_findings);
    const posted = await store.postedFindings(prKey);
    const freshEntries = placed.inline
      .map((inline) => ({ inline, fingerprint: fingerprintFinding(inline.finding, prDiff) }))
      .filter((f) => !posted.has(f.fingerprint));
    const fresh = freshEntries.map((f) => f.inline);
    repeatedFindings = placed.inline.length - fresh.length;
    placement = { ...placed, inline: fresh };
    if (fresh.length > 0) {
      try {
        const comments = fresh.map((placedFinding) => ({ placed: placedFinding, body: renderInlineComment(placedFinding.finding, label) }));
        await createInlineReview(octokit, ref, pr.headSha, comments, `${label} left ${plural(comments.length, "inline comment")}; the summary is in the PR conversation.`);
        review = { kind: "posted", inline: comments.length };
        newFingerprints.push(...freshEntries.map((f) => f.fingerprint));
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
    repeatedFindings,
    review,
    promptLeftOut: prompt?.compacted.leftOut ?? [],
    promptPartial: prompt?.compacted.partial ?? [],
    contextTrimmed: prompt?.compacted.contextTrimmed ?? false,
    budget: { spentToday: await store.tokensCommitted(day()), dailyBudget: settings.dailyTokenBudget },
  });
  await writer.write(body);
  await store.recordPostedFindings(prKey, newFingerprints);
  await store.recordReviewedHead(prKey, pr.headSha);
  log.info({ outcome: outcome.kind, inline: review.kind === "posted" ? review.inline : 0, unplaced: placement?.unplaced.length ?? 0, repeatedFindings }, "review posted");
}
