import type { JobSession } from "../../github/create-job-session.js";
import { pullRequestKey, type ReviewJob, type ThreadEvent } from "../../triggers/review-job.js";
import { refreshCheckRun } from "../gate/refresh-check-run.js";
import type { ReviewLogger, ReviewServices } from "../services/review-services.js";
import { answerQuestion } from "./answer-question.js";
import { dismissByCommand } from "./dismiss-by-command.js";
import { followResolutionEvent } from "./follow-resolution-event.js";
import type { ThreadRun } from "./thread-run.js";

/**
 * A thread event as a job (the same queue, lane and delivery claim as a review): matched to one of the
 * app's findings by its comment ids, then a resolution followed, a dismissal recorded or a question
 * answered, and the head's check run (the opt-in merge gate) updated. Threads that are not the app's are left alone.
 */
export async function followThreadEvent(job: ReviewJob, event: ThreadEvent, session: JobSession, services: ReviewServices, log: ReviewLogger): Promise<void> {
  const run: ThreadRun = { octokit: session.octokit, ref: { owner: job.owner, repo: job.repo, pullNumber: job.pullNumber }, services, log, deliveryId: job.deliveryId };
  const ids = "commentIds" in event ? event.commentIds : [event.replyTo];
  const record = (await services.store.findingRecords(pullRequestKey(job))).find((r) => r.commentId !== null && ids.includes(r.commentId));
  if (!record) {
    services.metrics.skipped.inc({ reason: "not_our_thread" });
    log.info(`skipped: thread ${event.kind} in a thread that is not one of the app's findings`);
    return;
  }
  if (event.kind === "question") return answerQuestion(run, { record, event });
  const changed = event.kind === "dismiss" ? await dismissByCommand(run, { record, event }) : await followResolutionEvent(run, { record, event });
  // The merge gate follows the finding: a dismissal can unblock the head's check, a reopening block it again.
  if (changed) await refreshCheckRun(run, session.loadConfig);
}
