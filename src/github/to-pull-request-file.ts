import type { PullRequestFile } from "../review/diff-model.js";

/** The fields of a GitHub "diff entry" (pulls.listFiles, repos.compare) that the diff model reads. */
export interface GitHubDiffEntry {
  filename: string;
  status: string;
  additions: number;
  deletions: number;
  changes: number;
  patch?: string | undefined;
  previous_filename?: string | undefined;
}

export function toPullRequestFile(entry: GitHubDiffEntry): PullRequestFile {
  return {
    filename: entry.filename,
    status: entry.status,
    additions: entry.additions,
    deletions: entry.deletions,
    changes: entry.changes,
    patch: entry.patch,
    previous_filename: entry.previous_filename,
  };
}
