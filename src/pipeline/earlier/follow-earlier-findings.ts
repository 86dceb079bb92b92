import { describeGitHubError } from "../../github/github-client.js";
import { mayRunCommand } from "../../github/may-run-command.js";
import type { HeadFiles } from "../../github/head-files.js";
import { readReviewThreads, replyInThread, resolveReviewThread, type ReviewThread } from "../../github/review-threads.js";
import { countStates, type FindingRecord, type FindingState } from "../../store/finding-record.js";
import { pullRequestKey } from "../../triggers/review-job.js";
import type { ReviewRun } from "../services/review-run.js";
import { suggestionApplied } from "./suggestion-applied.js";

/** What the summary says of the findings posted before this run. */
export interface EarlierFindings {
  /** Their states after this run's follow-up; null when the PR had none. */
  counts: Record<FindingState, number> | null;
  /** Why the threads could not be read (GraphQL error, 5xx, timeout); they are followed at the next review. */
  unreadable: string | null;
  /** The findings still open, each with its thread (candidates for "fixed" on a push). */
  open: FindingRecord[];
  /** Fingerprints of findings in whose thread a person has replied: such a thread is answered, not resolved, by the app. */
  personReplied: Set<string>;
}

const NONE: Omit<EarlierFindings, "counts" | "unreadable"> = { open: [], personReplied: new Set() };

const threadOf = (record: FindingRecord, threads: ReviewThread[]) => threads.find((t) => t.comments.some((c) => c.databaseId !== null && c.databaseId === record.commentId));
const isBotLogin = (login: string) => login.endsWith("[bot]");

/**
 * A thread a person resolved or unresolved: dismissed (lines unchanged) or outdated; reopened when
 * unresolved again; a 👎 on the app's comment dismisses too. Only a person who may run `/glm review`
 * (admin, maintain, write) dismisses: a PR's
 * author may resolve threads on GitHub without write access.
 */
async function followResolution(record: FindingRecord, thread: ReviewThread, mayDismiss: (login: string) => Promise<boolean>): Promise<FindingRecord | null> {
  if (record.state === "open") {
    // A 👎 on the app's comment from a person with write access dismisses it too.
    const first = thread.comments[0];
    for (const login of first?.databaseId === record.commentId ? first.thumbsDown : []) {
      if (await mayDismiss(login)) return { ...record, threadId: thread.id, state: "dismissed", endedBy: login, reason: "reacted 👎" };
    }
  }
  const byPerson = thread.isResolved && thread.resolvedBy !== null && !isBotLogin(thread.resolvedBy);
  if (record.state === "open" && byPerson && (await mayDismiss(thread.resolvedBy!))) {
    return thread.isOutdated ? { ...record, threadId: thread.id, state: "outdated", endedBy: thread.resolvedBy! } : { ...record, threadId: thread.id, state: "dismissed", endedBy: thread.resolvedBy!, reason: "resolved the thread" };
  }
  // Unresolving reopens what resolving dismissed; a 👎 stays a dismissal.
  const reopened = !thread.isResolved && (record.state === "dismissed" || record.state === "outdated") && record.reason !== "reacted 👎";
  if (reopened) return { ...record, threadId: thread.id, state: "open", endedBy: undefined, reason: undefined };
  return null;
}

/** The reply and the resolution of an applied suggestion; false when the reply could not be posted (tried again next time). */
async function markApplied(run: ReviewRun, record: FindingRecord, thread: ReviewThread, headSha: string): Promise<boolean> {
  try {
    await replyInThread(run.octokit, run.ref, record.commentId!, `Applied in \`${headSha.slice(0, 7)}\`.`);
  } catch (error) {
    run.log.warn({ err: describeGitHubError(error), fingerprint: record.fingerprint }, "could not reply in an applied finding's thread");
    return false;
  }
  try {
    await resolveReviewThread(run.octokit, thread.id);
  } catch (error) {
    run.log.warn({ err: describeGitHubError(error), thread: thread.id }, "could not resolve an applied finding's thread");
  }
  return true;
}

/**
 * Stage 4, earlier findings: the PR's review threads read (GraphQL, paged) and each earlier finding
 * followed: applied when the head holds its suggestion (a reply, the thread resolved), dismissed when a
 * person resolved its thread, forgotten when its comment was deleted. No model is called. A GraphQL
 * failure leaves everything as it was and is said in the summary.
 */
export async function followEarlierFindings(run: ReviewRun, { headSha, headFiles }: { headSha: string; headFiles: Pick<HeadFiles, "read"> }): Promise<EarlierFindings> {
  const { services, log } = run;
  const prKey = pullRequestKey(run.ref);
  const records = await services.store.findingRecords(prKey);
  if (records.length === 0) return { counts: null, unreadable: null, ...NONE };
  let threads: ReviewThread[];
  try {
    threads = await readReviewThreads(run.octokit, run.ref);
  } catch (error) {
    services.metrics.failures.inc({ stage: "read_threads" });
    log.warn({ err: describeGitHubError(error) }, "could not read the review threads; earlier findings are followed at the next review");
    return { counts: countStates(records), unreadable: describeGitHubError(error), ...NONE };
  }
  const changed: FindingRecord[] = [];
  const forgotten: string[] = [];
  const personReplied = new Set<string>();
  const permitted = new Map<string, Promise<boolean>>();
  const mayDismiss = (login: string) => {
    if (!permitted.has(login)) permitted.set(login, mayRunCommand(run.octokit, run.ref, login).catch(() => false));
    return permitted.get(login)!;
  };
  for (const record of records) {
    const thread = threadOf(record, threads);
    if (!thread) {
      if (record.commentId !== null) forgotten.push(record.fingerprint); // the comment or its thread was deleted
      continue;
    }
    if (thread.comments.slice(1).some((c) => c.author !== null && !c.author.isBot)) personReplied.add(record.fingerprint);
    const resolution = await followResolution(record, thread, mayDismiss);
    if (resolution) {
      changed.push(resolution);
      if (resolution.state === "dismissed") services.metrics.findings.inc({ event: "dismissed" });
    } else if (record.state === "open" && !thread.isResolved && suggestionApplied(record, await headFiles.read(record.path)) && (await markApplied(run, record, thread, headSha))) {
      changed.push({ ...record, threadId: thread.id, state: "applied", endedBy: headSha });
      services.metrics.findings.inc({ event: "applied" });
    } else if (record.threadId !== thread.id) {
      changed.push({ ...record, threadId: thread.id });
    }
  }
  await services.store.saveFindingRecords(prKey, changed);
  await services.store.forgetFindingRecords(prKey, forgotten);
  const now = records.filter((r) => !forgotten.includes(r.fingerprint)).map((r) => changed.find((c) => c.fingerprint === r.fingerprint) ?? r);
  if (changed.length + forgotten.length > 0) log.info({ changed: changed.map((c) => `${c.fingerprint}:${c.state}`), forgotten: forgotten.length }, "earlier findings followed");
  return { counts: now.length > 0 ? countStates(now) : null, unreadable: null, open: now.filter((r) => r.state === "open" && r.threadId !== null), personReplied };
}
