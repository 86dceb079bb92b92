import { describeGitHubError } from "../github/github-client.js";
import { HeadFiles } from "../github/head-files.js";
import { modelLabel } from "../review/text/model-label.js";
import { pullRequestKey } from "../triggers/review-job.js";
import { closeFixedFindings } from "./earlier/close-fixed-findings.js";
import { findingsTouched } from "./earlier/findings-touched.js";
import { followEarlierFindings } from "./earlier/follow-earlier-findings.js";
import { placeNewFindings } from "./placement/place-new-findings.js";
import { runDelegatePass } from "./delegate/run-delegate-pass.js";
import { runLead } from "./lead/run-lead.js";
import { buildReviewInput, secretsMasked } from "./mask/build-review-input.js";
import { concludeCheckRun } from "./gate/conclude-check-run.js";
import { openCheckRun } from "./gate/open-check-run.js";
import { readInstructionFiles } from "./instructions/read-instruction-files.js";
import { describeDelegateOutcome } from "./publish/describe-delegate-outcome.js";
import { ReviewPublisher } from "./publish/publish-review.js";
import { readPullRequest, type PullRequestSnapshot } from "./read/read-pull-request.js";
import { decideReviewScope } from "./scope/decide-review-scope.js";
import type { ReviewRun } from "./services/review-run.js";
import { prepareSuggestions } from "./suggestions/prepare-suggestions.js";

export type { ReviewRun } from "./services/review-run.js";

/**
 * One review, stage by stage. Only GitHub failures to read the PR or to write the final summary end it
 * early (thrown: the job is retried). With the merge gate on, the head's check run is in progress for the
 * whole review and always ends in a conclusion, neutral when the app could not do its part.
 */
export async function reviewPullRequest(run: ReviewRun): Promise<void> {
  // 1. read: the PR and its files; the check run opened when the repository asked for one.
  const snapshot = await readPullRequest(run);
  const checkRunId = await openCheckRun(run, snapshot.pr);
  let fault: string | null;
  try {
    // 1b. instructions: the files teams keep for AI tools, after the configuration's own.
    const instructed = await readInstructionFiles(run, snapshot);
    fault = await reviewStages(instructed.run, snapshot, instructed.note);
  } catch (error) {
    await concludeCheckRun(run, checkRunId, snapshot.pr, `The review did not finish (${describeGitHubError(error)}); it is retried while attempts remain, and \`/glm review\` runs it again.`);
    throw error;
  }
  // 10. gate: the check run's conclusion from the findings as they now stand.
  await concludeCheckRun(run, checkRunId, snapshot.pr, fault);
}

/** Stages 2 to 9; returns why the review is incomplete through the app's own fault (the summary's sentence), or null. */
async function reviewStages(run: ReviewRun, snapshot: PullRequestSnapshot, instructionsNote: string | null): Promise<string | null> {
  const { services, log, ref } = run;
  const label = modelLabel(services.settings.delegate.model);
  // 2. scope: the whole PR, or on a push the commits since the last reviewed head (or nothing to do).
  const scope = await decideReviewScope(run, snapshot);
  if (scope.kind === "skip") return null;
  // 3. mask: the PR text masked, the diff models, the masker every prompt goes through.
  const input = await buildReviewInput(run, { snapshot, promptFiles: scope.promptFiles });
  const headSha = snapshot.pr.headSha;
  const headFiles = new HeadFiles(run.octokit, ref, headSha);
  const publisher = new ReviewPublisher(run);
  // 4. earlier findings: their threads read; applied suggestions and dismissals recorded (no model call).
  const earlier = await followEarlierFindings(run, { headSha, headFiles });
  // 5. lead: the cheap model's summary and triage, published at once.
  const lead = await runLead(run, input);
  const scopeNote = [scope.scopeNote, instructionsNote].filter(Boolean).join(" ") || undefined;
  await publisher.publishLead(lead, input.diff, { headSha, label, scopeNote, repoConfig: run.repoConfig, maskedSecrets: secretsMasked(input), earlier });
  // 6. delegate: GLM-5.2's one bounded pass over the riskiest hunks and the code around them; on a push
  //    it also names the earlier findings the push fixed, which are then replied to and resolved.
  const listed = scope.sincePush ? findingsTouched(earlier.open, input.diff) : [];
  const { outcome, prompt } = await runDelegatePass(run, { input, lead, headFiles, listed });
  services.metrics.delegateOutcomes.inc({ outcome: outcome.kind });
  publisher.updateEarlier(await closeFixedFindings(run, { outcome, listed, earlier, headSha }));
  // 7. placement: findings on lines of the diff, minus those already posted on this PR.
  const found = await placeNewFindings(run, { outcome, input, snapshot });
  // 8. suggestions: every patch checked against the head file; the coder writes missing ones.
  const suggestions = await prepareSuggestions(run, { inline: found.placement?.inline ?? [], headFiles, masker: input.masker });
  // 9. publish: the COMMENT review, then the summary edited in place; what was posted is remembered.
  const review = await publisher.publishInline(found, headSha, label, suggestions.checks);
  const maskedSecrets = secretsMasked(input);
  if (maskedSecrets > 0) log.info({ maskedSecrets, filesScanned: input.masker.filesScanned }, "masked likely secrets before the model calls");
  await publisher.publishOutcome(outcome, prompt, found, review, maskedSecrets, suggestions.coder);
  const prKey = pullRequestKey(ref);
  await services.store.recordPostedFindings(prKey, review.kind === "posted" ? found.fingerprints : []);
  await services.store.recordReviewedHead(prKey, headSha);
  const posted = { outcome: outcome.kind, inline: review.kind === "posted" ? review.inline : 0, unplaced: found.placement?.unplaced.length ?? 0, repeatedFindings: found.repeated };
  log.info(posted, "review posted");
  if (review.kind === "failed") return `The inline review could not be posted (${review.reason}); its findings are not counted here.`;
  return outcome.kind === "ok" || outcome.kind === "not_needed" ? null : describeDelegateOutcome(outcome, label);
}
