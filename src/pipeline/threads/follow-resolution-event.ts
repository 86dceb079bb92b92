import { mayRunCommand } from "../../github/may-run-command.js";
import { pullRequestKey } from "../../triggers/review-job.js";
import type { FindingRecord } from "../../store/finding-record.js";
import type { ThreadCase, ThreadRun } from "./thread-run.js";

/** A 👎 is its own dismissal: unresolving the thread does not take it back. */
const THUMBS_DOWN = "reacted 👎";

/**
 * A person resolved or unresolved one of the app's threads (the event, at once; the next review's read of
 * the threads sees the same and agrees). Resolving an open finding dismisses it (outdated when its lines
 * changed since); unresolving reopens what a resolution ended, and a "fixed" the person disagrees with.
 * Only admin, maintain or write count: a PR author can resolve threads without write access.
 */
export async function followResolutionEvent(run: ThreadRun, { record, event }: ThreadCase<"resolved" | "unresolved">): Promise<boolean> {
  const { services, log } = run;
  const next = nextState(record, event);
  if (!next) {
    log.info({ fingerprint: record.fingerprint, state: record.state }, `thread ${event.kind}: nothing changes for this finding`);
    return false;
  }
  if (!(await mayRunCommand(run.octokit, run.ref, event.login))) {
    log.info({ login: event.login }, `thread ${event.kind} by a user without write access: the finding stays ${record.state}`);
    return false;
  }
  await services.store.saveFindingRecords(pullRequestKey(run.ref), [next]);
  if (next.state === "dismissed") services.metrics.findings.inc({ event: "dismissed" });
  log.info({ fingerprint: record.fingerprint, state: next.state, by: event.login }, `finding ${next.state}`);
  return true;
}

function nextState(record: FindingRecord, event: ThreadCase<"resolved" | "unresolved">["event"]): FindingRecord | null {
  const base = { ...record, threadId: event.threadId };
  if (event.kind === "resolved") {
    if (record.state !== "open") return null;
    return event.outdated ? { ...base, state: "outdated", endedBy: event.login, reason: undefined } : { ...base, state: "dismissed", endedBy: event.login, reason: "resolved the thread" };
  }
  const reopens = record.state === "fixed" || record.state === "outdated" || (record.state === "dismissed" && record.reason !== THUMBS_DOWN);
  return reopens ? { ...base, state: "open", endedBy: undefined, reason: undefined } : null;
}
