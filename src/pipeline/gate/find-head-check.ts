import { findCheckRun } from "../../github/check-runs.js";
import { fetchPullRequest, type PullRequestInfo } from "../../github/fetch-pull-request.js";
import type { GitHubClient, PullRef } from "../../github/github-client.js";
import { readRepoConfig } from "../../github/read-repo-config.js";
import type { CheckRunConfig } from "../../settings/repo-config-schema.js";

/**
 * Outside a review (a thread event, an abandoned run): the gate's config, the PR as it is now and the app's
 * check run on its head; null when the gate is off or there is no such run yet.
 */
export async function findHeadCheck(target: { octokit: GitHubClient; ref: PullRef; loadConfig: (file: string) => Promise<unknown> }): Promise<{ gate: CheckRunConfig; pr: PullRequestInfo; check: { id: number; status: string; title: string | null } } | null> {
  const gate = (await readRepoConfig(target.loadConfig)).config.check_run;
  if (!gate.enabled) return null;
  const pr = await fetchPullRequest(target.octokit, target.ref);
  const check = await findCheckRun(target.octokit, target.ref, pr.headSha);
  return check ? { gate, pr, check } : null;
}
