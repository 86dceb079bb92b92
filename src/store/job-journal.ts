/**
 * Accepted jobs kept on local disk until done. The embedded default runs from it; in Redis mode it is
 * the spool for deliveries accepted while Redis was unreachable, forwarded to the queue when it returns.
 */
export interface JobJournal {
  /**
   * Claims the delivery and keeps its job, in one transaction: a job answered 2xx survives a crash and
   * runs again on the next start. False (nothing kept) on every redelivery, also after a restart.
   */
  acceptJob(job: PendingJob): Promise<boolean>;
  /** Jobs accepted and not finished, oldest first. */
  pendingJobs(): Promise<PendingJob[]>;
  /** A command's permission gate passed: a retry or a restart goes straight to the review. */
  markGated(deliveryId: string): Promise<void>;
  /** Counts one more failed attempt; returns the attempts so far. */
  recordFailedAttempt(deliveryId: string): Promise<number>;
  /** The job is done (reviewed, skipped, refused, superseded, given up or handed to the queue): forget it. */
  finishJob(deliveryId: string): Promise<void>;
}

/** An accepted job as kept on disk: enough to run it again without the webhook. */
export interface PendingJob {
  deliveryId: string;
  /** The ReviewJob, as JSON. */
  job: string;
  installationId: number | undefined;
  attempts: number;
  /** A command that already passed its permission gate (false for pull_request triggers). */
  gated: boolean;
}
