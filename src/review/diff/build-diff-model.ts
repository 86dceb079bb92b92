import picomatch from "picomatch";
import { classifyPath } from "./classify-path.js";
import type { DiffModel, LeftOutFile, PullRequestFile, ReviewableFile } from "./diff-model.js";
import { parseFilePatch } from "./parse-file-patch.js";

/** A patch this long is listed rather than parsed: it would not fit any prompt anyway. */
export const MAX_PATCH_CHARS = 400_000;

/** PR files -> what can be reviewed, and what is only listed (with the reason). */
export function buildDiffModel(files: PullRequestFile[], ignoreGlobs: string[]): DiffModel {
  const isIgnored = ignoreGlobs.length > 0 ? picomatch(ignoreGlobs, { dot: true }) : () => false;
  const reviewable: ReviewableFile[] = [];
  const leftOut: LeftOutFile[] = [];
  for (const file of files) {
    const path = file.filename;
    const leave = (reason: LeftOutFile["reason"]) => leftOut.push({ path, reason });
    if (isIgnored(path)) { leave("ignored by config"); continue; }
    if (file.status === "removed") { leave("deleted"); continue; }
    const generated = classifyPath(path);
    if (generated) { leave(generated); continue; }
    if (file.patch === undefined || file.patch === "") {
      if (file.status === "renamed" && file.changes === 0) leave("renamed without changes");
      else if (file.changes > 0) leave("too large for a patch");
      else leave("binary or no patch");
      continue;
    }
    if (file.patch.length > MAX_PATCH_CHARS) { leave("too large for a patch"); continue; }
    const hunks = parseFilePatch(file.patch);
    if (!hunks) { leave("unparseable patch"); continue; }
    reviewable.push({
      path,
      status: file.status,
      previousPath: file.previous_filename,
      additions: file.additions,
      deletions: file.deletions,
      hunks,
    });
  }
  return { files: reviewable, leftOut };
}
