import { mayRunCommand } from "../github/may-run-command.js";
import type { JobSession } from "../github/create-job-session.js";
import { describeGitHubError, type PullRef } from "../github/github-client.js";
import { readRepoConfig } from "../github/read-repo-config.js";
import type { ReviewJob } from "../triggers/review-job.js";
import type { ReviewLogger, ReviewServices } from "./services/review-services.js";
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

/** One accepted job: repo config, the trigger's own rules, then the review. Counts and times it. */
export async function runReviewJob(job: ReviewJob, session: JobSession, services: ReviewServices, log: ReviewLogger): Promise<void> {
  const repoConfig = await readRepoConfig(session.loadConfig);
  if (repoConfig.problems.length > 0) log.warn({ problems: repoConfig.problems }, "repo config has problems; defaults used for them");
  // Asked for by a person (the command, the check's Re-run): the repository's automatic-review rules do not apply.
  if (job.trigger !== "command" && job.trigger !== "rerun") {
    if (job.trigger === "synchronize" && !repoConfig.config.incremental) {
      services.metrics.skipped.inc({ reason: "incremental_off" });
      log.info("skipped: push reviews are off (incremental: false in the repo config)");
      return;
    }
    if (!repoConfig.config.auto_review) {
      services.metrics.skipped.inc({ reason: "auto_review_off" });
      log.info("skipped: auto_review is false in the repo config");
      return;
    }
    if (job.draft && !repoConfig.config.review_drafts) {
      services.metrics.skipped.inc({ reason: "draft" });
      log.info("skipped: draft pull request (review_drafts is false)");
      return;
    }
  }
  services.metrics.reviews.inc({ trigger: job.trigger });
  const stop = services.metrics.duration.startTimer();
  try {
    await reviewPullRequest({ octokit: session.octokit, ref: refOf(job), repoConfig, deliveryId: job.deliveryId, incremental: job.trigger === "synchronize", services, log });
  } catch (error) {
    services.metrics.failures.inc({ stage: "review" });
    throw error;
  } finally {
    stop();
  }
}
