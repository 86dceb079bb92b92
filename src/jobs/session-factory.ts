import type { JobSession } from "../pipeline/run-review-job.js";
import type { ReviewJob } from "../triggers/review-job.js";

/** Builds what a job needs to talk to GitHub when it starts: an installation client and its config reader. */
export type SessionFactory = (job: ReviewJob, installationId: number | undefined) => Promise<JobSession>;
