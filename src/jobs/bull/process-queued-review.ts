import { DelayedError, type Job } from "bullmq";
import type { JobSession, SessionFactory } from "../../github/create-job-session.js";
import type { ReviewLogger, ReviewServices } from "../../pipeline/services/review-services.js";
import { authorizeCommand } from "../../pipeline/run-review-job.js";
import type { BullClients } from "../../redis/open-redis.js";
import { pullRequestKey, supersedable, type ReviewJob } from "../../triggers/review-job.js";
import { attemptReview } from "../lifecycle/attempt-review.js";
import type { QueuedReview } from "../lifecycle/stored-job.js";
import { decodeQueuedReview } from "../lifecycle/stored-job.js";
import type { DeliveryClaims } from "./delivery-claims.js";
import type { PullRequestLock } from "./pull-request-lock.js";

/** A job whose PR is being reviewed elsewhere waits this long before it looks again (no attempt is spent). */
const LOCK_WAIT_MS = 1_000;

export interface ProcessDeps {
  services: ReviewServices;
  sessionFor: SessionFactory;
  logFor: (job: ReviewJob) => ReviewLogger;
  locks: PullRequestLock;
  claims: DeliveryClaims;
  clients: BullClients;
}

/**
 * One queued review on a BullMQ worker: the command gate (once), the PR's lock across replicas (or a
 * delay without spending an attempt), skipped when superseded or already done, then the attempt,
 * whose writes stop once the lock is lost.
 */
export async function processQueuedReview(bullJob: Job<QueuedReview>, token: string | undefined, deps: ProcessDeps): Promise<string> {
const { services, sessionFor, logFor, locks, claims, clients } = deps;
  const data = decodeQueuedReview(bullJob.data);
  const { job, installationId } = data;
  const log = logFor(job);
  let session: JobSession | undefined;
  const sessionNow = async () => (session ??= await sessionFor(job, installationId));
  if (job.command && !data.gated) {
    // The gate answers at once, even while another review of this PR runs; it is not asked twice.
    if (!(await authorizeCommand(job, await sessionNow(), services, log))) return "refused";
    await bullJob.updateData({ ...data, gated: true });
  }
  const lock = await locks.acquire(pullRequestKey(job), `${bullJob.id}:${token}`);
  if (!lock) {
    await bullJob.moveToDelayed(Date.now() + LOCK_WAIT_MS, token);
    throw new DelayedError();
  }
  try {
    if (supersedable(job) && (await claims.superseded(clients.bounded, job))) {
      services.metrics.skipped.inc({ reason: "superseded_push" });
      log.info("skipped: superseded by a newer trigger for this pull request");
      return "superseded";
    }
    if (await claims.isDone(clients.bounded, job.deliveryId)) {
      // A run that lost its claim (Redis away past JOB_LOCK_MS) finished after BullMQ had handed the job on.
      log.info("skipped: this delivery's review already finished");
      return "already_done";
    }
    // A run that has lost the PR's lock must not write: another run may own the PR by now.
    await attemptReview(job, await sessionNow(), services, log, () =>
      lock.held() ? { ok: true } : { ok: false, why: "this run lost its pull request lock while Redis was away; the job runs again" },
    );
    await claims.markDone(clients.bounded, job.deliveryId);
    return "done";
  } finally {
    await lock.release().catch(() => {}); // Redis away: the lock lapses on its own
  }
}
