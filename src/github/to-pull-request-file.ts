import type { PullRequestFile } from "../review/diff/diff-model.js";

/**
 * GitHub's "diff entry" (pulls.listFiles, repos.compare) narrowed to the fields the diff model reads,
 * so a 3,000-file PR does not keep every URL and SHA GitHub sends along.
 */
export function toPullRequestFile(entry: PullRequestFile): PullRequestFile {
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
