import { describeGitHubError } from "../../github/github-client.js";
import { mayRunCommand } from "../../github/may-run-command.js";
import { findThreadOf, replyInThread, resolveReviewThread } from "../../github/review-threads.js";
import { pullRequestKey } from "../../triggers/review-job.js";
import { notPermitted, type ThreadCase, type ThreadRun } from "./thread-run.js";

/**
 * `/glm dismiss <reason>` in one of the app's threads, from admin, maintain or write: the finding is
 * recorded as dismissed (who, why) and never raised again on the PR; the app replies "Dismissed." and
 * resolves the thread. The reply comes first: a failed reply is retried whole, so it is never posted twice.
 */
export async function dismissByCommand(run: ThreadRun, { record, event }: ThreadCase<"dismiss">): Promise<boolean> {
  const { services, log } = run;
  if (!(await mayRunCommand(run.octokit, run.ref, event.login))) {
    services.metrics.skipped.inc({ reason: "command_not_permitted" });
    log.info({ login: event.login }, "skipped: /glm dismiss from a user without write access");
    await replyInThread(run.octokit, run.ref, event.replyTo, notPermitted(event.login, "/glm dismiss"));
    return false;
  }
  if (record.state === "dismissed") {
    log.info({ fingerprint: record.fingerprint }, "skipped: the finding is already dismissed");
    return false;
  }
  await replyInThread(run.octokit, run.ref, event.replyTo, "Dismissed.");
  const reason = event.reason || "dismissed with /glm dismiss";
  await services.store.saveFindingRecords(pullRequestKey(run.ref), [{ ...record, state: "dismissed", endedBy: event.login, reason }]);
  services.metrics.findings.inc({ event: "dismissed" });
  log.info({ fingerprint: record.fingerprint, by: event.login }, "finding dismissed with /glm dismiss");
  try {
    const threadId = record.threadId ?? (await findThreadOf(run.octokit, run.ref, event.replyTo))?.id;
    if (!threadId) throw new Error("the thread was not found among the pull request's review threads");
    await resolveReviewThread(run.octokit, threadId);
    if (threadId !== record.threadId) await services.store.saveFindingRecords(pullRequestKey(run.ref), [{ ...record, state: "dismissed", endedBy: event.login, reason, threadId }]);
  } catch (error) {
    log.warn({ err: describeGitHubError(error) }, "could not resolve the dismissed finding's thread; it stays dismissed");
  }
  return true;
}
