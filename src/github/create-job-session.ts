import type { Probot } from "probot";
import type { ReviewJob } from "../triggers/review-job.js";
import type { GitHubClient } from "./github-client.js";

/** What a job uses to talk to GitHub: its installation's client and its repo config reader. */
export interface JobSession {
  octokit: GitHubClient;
  /** Reads `.github/<file>` of the job's repository (Probot's config plugin, as context.config does). */
  loadConfig: (file: string) => Promise<unknown>;
}

/** Builds a job's session when the job starts (a waiting job holds no webhook context). */
export type SessionFactory = (job: ReviewJob, installationId: number | undefined) => Promise<JobSession>;

/**
 * A job's GitHub session, built when it starts (a waiting job holds no webhook context): the
 * installation's client (Probot caches its tokens) and the config plugin that context.config wraps,
 * reading `.github/<file>` from the default branch (never from the PR's head).
 */
export function createJobSessionFactory(probot: Probot): SessionFactory {
  return async (job: ReviewJob, installationId: number | undefined): Promise<JobSession> => {
    const octokit = (await probot.auth(installationId)) as GitHubClient;
    return {
      octokit,
      loadConfig: async (file) => {
        const { config, files } = await octokit.config.get({ owner: job.owner, repo: job.repo, path: `.github/${file}` });
        return files.some((f) => f.config !== null) ? config : null;
      },
    };
  };
}
