import { mayRunCommand } from "../github/may-run-command.js";
import type { JobSession } from "../github/create-job-session.js";
import { describeGitHubError, type PullRef } from "../github/github-client.js";
import { readRepoConfig } from "../github/read-repo-config.js";
import type { ReviewJob } from "../triggers/review-job.js";
import type { ReviewLogger, ReviewServices } from "./services/review-services.js";
import type { RepoConfig } from "../settings/repo-config-schema.js";
import { checkWithoutReview } from "./gate/check-without-review.js";
import { reviewPullRequest } from "./review-pull-request.js";


const refOf = (job: ReviewJob): PullRef => ({ owner: job.owner, repo: job.repo, pullNumber: job.pullNumber });

/**
 * The command gate, run in the worker (it asks GitHub, so it stays off the webhook's answer path).
 * Honoured: an "eyes" reaction at once. Refused: a short reply saying who may run it.
 */
export async function authorizeCommand(job: ReviewJob, session: JobSession, services: ReviewServices, log: ReviewLogger): Promise<boolean> {
  if (!job.command) return true;
  const ref = refOf(job);
  const { owner, repo } = ref;
  if (!(await mayRunCommand(session.octokit, ref, job.command.login))) {
    services.metrics.skipped.inc({ reason: "command_not_permitted" });
    log.info({ login: job.command.login }, "skipped: /glm review from a user without write access");
    await session.octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: job.pullNumber,
      body: `@${job.command.login} \`/glm review\` can be run by people with write, maintain or admin access to this repository.`,
    });
    return false;
  }
  try {
    await session.octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: job.command.commentId, content: "eyes" });
  } catch (error) {
    log.warn({ err: describeGitHubError(error) }, "could not add the eyes reaction; reviewing anyway");
  }
  return true;
}

/** Why the repository's rules skip an automatic review; null for a review asked by a person (the command, the check's Re-run). */
function automaticReviewSkip(job: ReviewJob, config: RepoConfig): { code: string; why: string } | null {
  if (job.trigger === "command" || job.trigger === "rerun") return null;
  if (job.trigger === "synchronize" && !config.incremental) return { code: "incremental_off", why: "push reviews are off (incremental: false in the repo config)" };
  if (!config.auto_review) return { code: "auto_review_off", why: "auto_review is false in the repo config" };
  if (job.draft && !config.review_drafts) return { code: "draft", why: "draft pull request (review_drafts is false)" };
  return null;
}

/** One accepted job: repo config, the trigger's own rules, then the review. Counts and times it. */
export async function runReviewJob(job: ReviewJob, session: JobSession, services: ReviewServices, log: ReviewLogger): Promise<void> {
  const repoConfig = await readRepoConfig(session.loadConfig);
  if (repoConfig.problems.length > 0) log.warn({ problems: repoConfig.problems }, "repo config has problems; defaults used for them");
  const run = { octokit: session.octokit, ref: refOf(job), repoConfig, deliveryId: job.deliveryId, incremental: job.trigger === "synchronize", services, log };
  const skip = automaticReviewSkip(job, repoConfig.config);
  if (skip) {
    services.metrics.skipped.inc({ reason: skip.code });
    log.info(`skipped: ${skip.why}`);
    // With the merge gate on, the head still gets its check (from the findings as they stand): a required
    // check that never comes would hold the PR for good.
    await checkWithoutReview(run, `Not reviewed: ${skip.why}.`);
    return;
  }
  services.metrics.reviews.inc({ trigger: job.trigger });
  const stop = services.metrics.duration.startTimer();
  try {
    await reviewPullRequest(run);
  } catch (error) {
    services.metrics.failures.inc({ stage: "review" });
    throw error;
  } finally {
    stop();
  }
}
