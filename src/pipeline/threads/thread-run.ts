import type { FindingRecord } from "../../store/finding-record.js";
import type { ThreadEvent } from "../../triggers/review-job.js";
import type { ReviewRun } from "../services/review-run.js";

/** What a thread job works with: where it writes, what it may use, which delivery it answers. */
export type ThreadRun = Pick<ReviewRun, "octokit" | "ref" | "services" | "log" | "deliveryId">;

/** One thread event about one of the app's findings. */
export interface ThreadCase<K extends ThreadEvent["kind"] = ThreadEvent["kind"]> {
  record: FindingRecord;
  event: Extract<ThreadEvent, { kind: K }>;
}

/** The short reply to a `/glm` command from someone without write access: who may run it. */
export const notPermitted = (login: string, command: string): string =>
  `@${login} \`${command}\` can be run by people with write, maintain or admin access to this repository.`;
