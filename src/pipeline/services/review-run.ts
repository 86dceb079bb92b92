import type { GitHubClient, PullRef } from "../../github/github-client.js";
import type { ParsedRepoConfig } from "../../settings/parse-repo-config.js";
import type { ReviewLogger, ReviewServices } from "./review-services.js";

/** One review's fixed facts, passed first to every stage: where it writes, its rules, what it may use. */
export interface ReviewRun {
  octokit: GitHubClient;
  ref: PullRef;
  /** The repository's configuration, read from the default branch. */
  repoConfig: ParsedRepoConfig;
  /** The delivery that triggered this run: one delegate call per delivery, across retries. */
  deliveryId: string;
  /** A push: review only what changed since the last reviewed head, when that can be told. */
  incremental: boolean;
  services: ReviewServices;
  log: ReviewLogger;
}
