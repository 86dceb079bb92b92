import { fenceWrites } from "../../github/write-fence.js";
import type { ReviewLogger, ReviewServices } from "../../pipeline/services/review-services.js";
import type { JobSession } from "../../github/create-job-session.js";
import { runReviewJob } from "../../pipeline/run-review-job.js";
import { closeAbandonedCheck } from "../../pipeline/gate/close-abandoned-check.js";
import { followThreadEvent } from "../../pipeline/threads/follow-thread-event.js";
import type { ReviewJob } from "../../triggers/review-job.js";
import { ReviewTimeoutError, withReviewDeadline } from "./review-deadline.js";

export type Ownership = () => { ok: true } | { ok: false; why: string };
const ALWAYS: Ownership = () => ({ ok: true });

/**
 * One attempt at a job's review, the same in both schedulers: bounded by REVIEW_TIMEOUT_MS, with the
 * session's writes fenced off once the deadline passed or `owns` says the PR may be another run's.
 */
export async function attemptReview(job: ReviewJob, session: JobSession, services: ReviewServices, log: ReviewLogger, owns: Ownership = ALWAYS): Promise<void> {
  try {
    await withReviewDeadline(services.settings.reviewTimeoutMs, async (expired) => {
      fenceWrites(
        session.octokit,
        () => (expired() ? { ok: false, why: "this run passed REVIEW_TIMEOUT_MS; its retry owns the pull request" } : owns()),
        () => services.metrics.failures.inc({ stage: "write_fenced" }),
      );
      if (job.thread) await followThreadEvent(job, job.thread, session, services, log);
      else await runReviewJob(job, session, services, log);
    });
  } catch (error) {
    if (error instanceof ReviewTimeoutError) {
      services.metrics.failures.inc({ stage: "review_timeout" });
      if (!job.thread) await closeAbandonedCheck({ octokit: session.octokit, ref: { owner: job.owner, repo: job.repo, pullNumber: job.pullNumber }, loadConfig: session.loadConfig }, services, log);
    }
    throw error;
  }
}
