import { describeGitHubError, httpStatusOf } from "../../github/github-client.js";
import type { ReviewServices, ReviewLogger } from "../services/review-services.js";

/** Accounts (installations) already told that the check needs the new permission: once each per process. */
const toldAboutPermission = new Set<string>();

/**
 * A Checks API failure never stops a review. A 403 means the installation has not accepted `checks: write`
 * yet: said once per installation, with the fix; anything else (5xx after the retries, a timeout) is a warning.
 */
export function reportCheckRunError(services: ReviewServices, log: ReviewLogger, owner: string, error: unknown): void {
  services.metrics.failures.inc({ stage: "check_run" });
  if (httpStatusOf(error) === 403) {
    if (toldAboutPermission.has(owner)) return;
    toldAboutPermission.add(owner);
    log.warn({ installation: owner }, "the \"GLM Review\" check run was refused (403): accept the app's new permissions (Checks: write) in the installation's settings on GitHub; reviews go on without the check");
    return;
  }
  log.warn({ err: describeGitHubError(error) }, "could not write the \"GLM Review\" check run; the review goes on");
}
