import type { GitHubClient, PullRef } from "../github/github-client.js";
import { HeadFiles } from "../github/head-files.js";
import { modelLabel } from "../review/text/model-label.js";
import type { ParsedRepoConfig } from "../settings/parse-repo-config.js";
import { pullRequestKey } from "../triggers/review-job.js";
import { decideReviewScope } from "./scope/decide-review-scope.js";
import { buildReviewInput, secretsMasked } from "./mask/build-review-input.js";
import { placeNewFindings } from "./placement/place-new-findings.js";
import { prepareSuggestions } from "./suggestions/prepare-suggestions.js";
import { ReviewPublisher } from "./publish/publish-review.js";
import { readPullRequest } from "./read/read-pull-request.js";
import type { ReviewLogger, ReviewServices } from "./services/review-services.js";
import { runDelegatePass } from "./delegate/run-delegate-pass.js";
import { runLead } from "./lead/run-lead.js";

export interface ReviewScope {
  /** The delivery that triggered this run: one delegate call per delivery, across retries. */
  deliveryId: string;
  /** A push: review only what changed since the last reviewed head, when that can be told. */
  incremental: boolean;
}

/**
 * One review, stage by stage: decide scope → read → mask → lead (published at once) → delegate →
 * place → publish. Only GitHub failures to read the PR or to write the final summary end it early
 * (thrown: the job is retried).
 */
export async function reviewPullRequest(octokit: GitHubClient, ref: PullRef, repoConfig: ParsedRepoConfig, scope: ReviewScope, services: ReviewServices, log: ReviewLogger): Promise<void> {
  const { settings, metrics, store } = services;
  const { max_findings: maxFindings, daily_token_cap: repoCap } = repoConfig.config;
  const prKey = pullRequestKey(ref);
  const label = modelLabel(settings.delegate.model);

  const snapshot = await readPullRequest(octokit, ref);
  const scopeDecision = await decideReviewScope(octokit, ref, snapshot, scope.incremental, services, log);
  if (scopeDecision.kind === "skip") return;
  const input = await buildReviewInput(ref, snapshot, scopeDecision.promptFiles, repoConfig, services);
  const headSha = snapshot.pr.headSha;
  const publisher = new ReviewPublisher(octokit, ref, services, log);

  const instructions = { general: repoConfig.config.instructions, paths: repoConfig.config.path_instructions };
  const lead = await runLead(input.prText, input.diff, input.masker, services, log, instructions);
  await publisher.publishLead(lead, input.diff, { headSha, label, scopeNote: scopeDecision.scopeNote, repoConfig, maskedSecrets: secretsMasked(input) });

  // The triage chunks' notes come first: the delegate ranks files in the order the lead named them.
  const leadNotes = lead.kind === "ok" ? [...(lead.triage ?? []), lead.text].join("\n\n") : null;
  const headFiles = new HeadFiles(octokit, ref, headSha);
  const { outcome, prompt } = await runDelegatePass({ deliveryId: scope.deliveryId, pr: input.prText, diff: input.diff, masker: input.masker, headFiles, instructions, leadNotes, maxFindings, repo: `${ref.owner}/${ref.repo}`, repoCap }, services, log);
  metrics.delegateOutcomes.inc({ outcome: outcome.kind });

  const found = await placeNewFindings(outcome, input.prDiff, new Set(snapshot.files.map((f) => f.filename)), maxFindings, store, prKey);
  const suggestions = await prepareSuggestions(found.placement?.inline ?? [], headFiles, input.masker, services, log);
  const review = await publisher.publishInline(found, headSha, label, suggestions.checks);
  const maskedSecrets = secretsMasked(input);
  if (maskedSecrets > 0) log.info({ maskedSecrets, filesScanned: input.masker.filesScanned }, "masked likely secrets before the model calls");
  await publisher.publishOutcome(outcome, prompt, found, review, secretsMasked(input), suggestions.coder);
  await store.recordPostedFindings(prKey, review.kind === "posted" ? found.fingerprints : []);
  await store.recordReviewedHead(prKey, headSha);
  log.info({ outcome: outcome.kind, inline: review.kind === "posted" ? review.inline : 0, unplaced: found.placement?.unplaced.length ?? 0, repeatedFindings: found.repeated }, "review posted");
}
