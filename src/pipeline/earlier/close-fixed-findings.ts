import { describeGitHubError } from "../../github/github-client.js";
import { replyInThread, resolveReviewThread } from "../../github/review-threads.js";
import type { DelegateOutcome } from "../../review/answer/delegate-outcome.js";
import { sanitizeModelText } from "../../review/text/sanitize-model-text.js";
import { countStates, type FindingRecord } from "../../store/finding-record.js";
import { pullRequestKey } from "../../triggers/review-job.js";
import type { ReviewRun } from "../services/review-run.js";
import { findingToken } from "./findings-touched.js";
import type { EarlierFindings } from "./follow-earlier-findings.js";

/**
 * After the delegate: each listed finding it named in `resolved` gets "Fixed in `<sha7>`: <reason>" in
 * its thread, and the thread is resolved unless a person has replied in it. A finding that was not
 * listed (its lines were not changed by the push) is never closed, whatever the answer says.
 * Returns the earlier findings as they now stand, for the summary.
 */
export async function closeFixedFindings(run: ReviewRun, { outcome, listed, earlier, headSha }: { outcome: DelegateOutcome; listed: FindingRecord[]; earlier: EarlierFindings; headSha: string }): Promise<EarlierFindings> {
  if (outcome.kind !== "ok" || !outcome.resolved?.length || listed.length === 0) return earlier;
  const fixed: FindingRecord[] = [];
  for (const { id, reason } of outcome.resolved) {
    const record = listed.find((r) => findingToken(r) === id);
    if (!record || fixed.some((f) => f.fingerprint === record.fingerprint) || record.commentId === null || record.threadId === null) continue;
    const why = sanitizeModelText(reason.replace(/\s+/g, " ").trim(), 300) || "the change addresses it";
    try {
      await replyInThread(run.octokit, run.ref, record.commentId, `Fixed in \`${headSha.slice(0, 7)}\`: ${why}`);
    } catch (error) {
      run.log.warn({ err: describeGitHubError(error), fingerprint: record.fingerprint }, "could not reply in a fixed finding's thread");
      continue;
    }
    if (!earlier.personReplied.has(record.fingerprint)) {
      await resolveReviewThread(run.octokit, record.threadId).catch((error: unknown) => run.log.warn({ err: describeGitHubError(error) }, "could not resolve a fixed finding's thread"));
    }
    fixed.push({ ...record, state: "fixed", endedBy: headSha, reason: why });
    run.services.metrics.findings.inc({ event: "fixed" });
  }
  if (fixed.length === 0) return earlier;
  const prKey = pullRequestKey(run.ref);
  await run.services.store.saveFindingRecords(prKey, fixed);
  const all = await run.services.store.findingRecords(prKey);
  return { ...earlier, counts: countStates(all), open: earlier.open.filter((r) => !fixed.some((f) => f.fingerprint === r.fingerprint)) };
}
