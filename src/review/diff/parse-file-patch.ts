import { parsePatch } from "diff";
import type { Hunk } from "./diff-model.js";

/**
 * A hunk range as git writes it: an empty range names the line before it (`-0,0` for a new file; the
 * `diff` package reports it as 1,0), and a count of one is left out.
 */
function range(start: number, count: number): string {
  if (count === 0) return `${Math.max(0, start - 1)},0`;
  return count === 1 ? String(start) : `${start},${count}`;
}

/** `@@ -a,b +c,d @@` as git writes it. */
export function hunkHeader(oldStart: number, oldLines: number, newStart: number, newLines: number): string {
  return `@@ -${range(oldStart, oldLines)} +${range(newStart, newLines)} @@`;
}

/**
 * A GitHub `patch` (hunks only, no file headers) -> hunks with their commentable RIGHT lines.
 * Returns null when the text is not a unified diff the `diff` package accepts.
 */
export function parseFilePatch(patch: string): Hunk[] | null {
  let parsed;
  try {
    parsed = parsePatch(patch.replace(/\r\n/g, "\n"));
  } catch {
    return null;
  }
  const hunks: Hunk[] = [];
  for (const file of parsed) {
    for (const h of file.hunks) {
      if (!Number.isInteger(h.newStart) || !Number.isInteger(h.oldStart)) return null;
      const rightLines: number[] = [];
      let newLine = h.newStart;
      for (const line of h.lines) {
        const marker = line[0];
        if (marker === "+" || marker === " ") rightLines.push(newLine++);
      }
      hunks.push({
        header: hunkHeader(h.oldStart, h.oldLines, h.newStart, h.newLines),
        oldStart: h.oldStart,
        newStart: h.newStart,
        lines: h.lines,
        rightLines,
      });
    }
  }
  return hunks.length > 0 ? hunks : null;
}
