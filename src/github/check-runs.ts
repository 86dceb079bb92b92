import { CHECK_RUN_NAME as CHECK_NAME } from "../triggers/check-run-name.js";
import type { GitHubClient, PullRef } from "./github-client.js";
import { PAST_THE_FENCE } from "./write-fence.js";

export type CheckConclusion = "success" | "failure" | "neutral";

/** What a check run says: its title and Markdown summary (bounded by the caller to the Checks API's limits). */
export interface CheckOutput {
  title: string;
  summary: string;
}

/** The app's check runs carry this id, so a retry or a later event finds its own run on a head and no other app's. */
const externalIdOf = (ref: PullRef) => `glm-review:${ref.pullNumber}`;

/** The app's check run on `headSha` for this PR, if there is one (GET …/commits/{sha}/check-runs?check_name=). */
export async function findCheckRun(octokit: GitHubClient, ref: PullRef, headSha: string): Promise<{ id: number; status: string; title: string | null } | undefined> {
  const { data } = await octokit.rest.checks.listForRef({ owner: ref.owner, repo: ref.repo, ref: headSha, check_name: CHECK_NAME, filter: "latest", per_page: 100 });
  const run = data.check_runs.find((r) => r.external_id === externalIdOf(ref));
  return run ? { id: run.id, status: run.status, title: run.output.title ?? null } : undefined;
}

/** A new check run on `headSha`, in progress (POST …/check-runs). */
export async function createCheckRun(octokit: GitHubClient, ref: PullRef, headSha: string, output: CheckOutput, now: Date): Promise<number> {
  const { data } = await octokit.rest.checks.create({
    owner: ref.owner, repo: ref.repo, name: CHECK_NAME, head_sha: headSha, external_id: externalIdOf(ref),
    status: "in_progress", started_at: now.toISOString(), output,
  });
  return data.id;
}

/** An existing check run back in progress (a retry, `/glm review` or Re-run on the same head). */
export async function restartCheckRun(octokit: GitHubClient, ref: PullRef, id: number, output: CheckOutput, now: Date): Promise<void> {
  await octokit.rest.checks.update({ owner: ref.owner, repo: ref.repo, check_run_id: id, status: "in_progress", started_at: now.toISOString(), output });
}

/** The check run's end, or a new conclusion when a finding's state changed on the same head (PATCH …/check-runs/{id}). */
export async function completeCheckRun(octokit: GitHubClient, ref: PullRef, id: number, verdict: CheckOutput & { conclusion: CheckConclusion }, now: Date, options: { pastTheFence?: boolean } = {}): Promise<void> {
  const { conclusion, ...output } = verdict;
  const request = options.pastTheFence ? { request: { [PAST_THE_FENCE]: true } } : {};
  await octokit.rest.checks.update({ owner: ref.owner, repo: ref.repo, check_run_id: id, status: "completed", conclusion, completed_at: now.toISOString(), output, ...request });
}
