import { z } from "zod";
import type { ReviewMetrics } from "../../http/review-metrics.js";
import type { ReviewLogger } from "../../pipeline/services/review-services.js";
import type { JobJournal, PendingJob } from "../../store/job-journal.js";
import type { ReviewJob } from "../../triggers/review-job.js";

const login = z.string().min(1);
const threadEventSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.enum(["resolved", "unresolved"]), threadId: z.string().min(1), commentIds: z.array(z.number().int()).min(1), login, outdated: z.boolean() }),
  z.object({ kind: z.literal("dismiss"), commentId: z.number().int(), replyTo: z.number().int(), login, reason: z.string() }),
  z.object({ kind: z.literal("question"), commentId: z.number().int(), replyTo: z.number().int(), login, question: z.string().min(1) }),
]);

const reviewJobSchema = z.object({
  deliveryId: z.string().min(1),
  trigger: z.enum(["opened", "reopened", "ready_for_review", "synchronize", "command", "rerun", "thread"]),
  owner: z.string().min(1),
  repo: z.string().min(1),
  pullNumber: z.number().int().positive(),
  draft: z.boolean().optional(),
  command: z.object({ commentId: z.number().int(), login }).optional(),
  thread: threadEventSchema.optional(),
});

const queuedReviewSchema = z.object({
  job: reviewJobSchema,
  installationId: z.number().int().optional(),
  gated: z.boolean().optional(),
});

/** What BullMQ keeps per job: the webhook's decision, and whether a command already passed its gate. */
export interface QueuedReview {
  job: ReviewJob;
  installationId: number | undefined;
  gated?: boolean;
}

/** A job as text, for the local journal (JSON drops `undefined` fields; the schema accepts them absent). */
export function encodeJob(job: ReviewJob): string {
  return JSON.stringify(job);
}

/**
 * A job read back from disk or Redis, checked rather than cast: a row written by another version, or
 * edited by hand, fails here with the field named, instead of deep inside a review.
 */
export function decodeJob(text: string): ReviewJob {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error("a stored job is not valid JSON");
  }
  return toReviewJob(reviewJobSchema.parse(raw));
}

/** BullMQ's job data, checked the same way. */
export function decodeQueuedReview(data: unknown): QueuedReview {
  const queued = queuedReviewSchema.parse(data);
  return { job: toReviewJob(queued.job), installationId: queued.installationId, gated: queued.gated };
}

const toReviewJob = (job: z.infer<typeof reviewJobSchema>): ReviewJob => {
  const { thread, ...rest } = job;
  return { ...rest, draft: job.draft, command: job.command, ...(thread ? { thread } : {}) };
};

/**
 * The journal's jobs that this version can run, oldest first. A record that fails validation is dropped
 * with an error line and counted (`jobs_total{outcome="unreadable"}`): never retried forever.
 */
export async function readKeptJobs(journal: JobJournal, log: ReviewLogger, metrics: ReviewMetrics): Promise<{ kept: PendingJob; job: ReviewJob }[]> {
  const readable: { kept: PendingJob; job: ReviewJob }[] = [];
  for (const kept of await journal.pendingJobs()) {
    try {
      readable.push({ kept, job: decodeJob(kept.job) });
    } catch (error) {
      log.error({ err: error, delivery: kept.deliveryId }, "dropped a kept job that cannot be read");
      metrics.jobs.inc({ outcome: "unreadable" });
      await journal.finishJob(kept.deliveryId);
    }
  }
  return readable;
}
