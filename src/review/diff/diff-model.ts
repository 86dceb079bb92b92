/** One file as GitHub's pulls.listFiles returns it (the fields this app reads). */
export interface PullRequestFile {
  filename: string;
  status: string;
  additions: number;
  deletions: number;
  changes: number;
  patch?: string | undefined;
  previous_filename?: string | undefined;
}

export interface Hunk {
  header: string;
  oldStart: number;
  newStart: number;
  /** Raw hunk lines with their " ", "+", "-" or "\" prefix. */
  lines: string[];
  /** New-file (RIGHT side) line numbers a review comment may target in this hunk. */
  rightLines: number[];
}

export interface ReviewableFile {
  path: string;
  status: string;
  previousPath?: string | undefined;
  additions: number;
  deletions: number;
  hunks: Hunk[];
}

export type LeftOutReason =
  | "binary or no patch"
  | "deleted"
  | "renamed without changes"
  | "too large for a patch"
  | "ignored by config"
  | "lock file"
  | "generated or minified"
  | "unparseable patch"
  | "over the prompt budget";

export interface LeftOutFile {
  path: string;
  reason: LeftOutReason;
}

export interface DiffModel {
  files: ReviewableFile[];
  leftOut: LeftOutFile[];
}
