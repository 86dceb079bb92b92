import type { Hunk } from "./diff-model.js";
import { hunkHeader } from "./parse-file-patch.js";

/** Changed lines above which a hunk is offered to the prompt in pieces. */
export const LARGE_HUNK_LINES = 80;
/** Lines per piece of a large hunk. */
const PIECE_LINES = 40;

const cache = new WeakMap<Hunk, Hunk[]>();

/**
 * A hunk too big for any prompt (a new 1,400-line file is one hunk) as consecutive pieces of about
 * PIECE_LINES lines, each a valid hunk with its own header and line numbers, so the packer can take
 * the pieces that fit instead of nothing. Small hunks are returned whole. Placement still uses the
 * PR's real hunks; pieces only shape what the prompt shows.
 */
export function splitLargeHunk(hunk: Hunk): Hunk[] {
  const changed = hunk.lines.reduce((n, l) => n + (l[0] === "+" || l[0] === "-" ? 1 : 0), 0);
  if (changed <= LARGE_HUNK_LINES) return [hunk];
  const known = cache.get(hunk);
  if (known) return known;
  const pieces: Hunk[] = [];
  let oldLine = hunk.oldStart;
  let newLine = hunk.newStart;
  for (let i = 0; i < hunk.lines.length; ) {
    const lines: string[] = [];
    const rightLines: number[] = [];
    const [oldStart, newStart] = [oldLine, newLine];
    let oldCount = 0;
    let newCount = 0;
    while (i < hunk.lines.length && (lines.length < PIECE_LINES || hunk.lines[i]?.[0] === "\\")) {
      const line = hunk.lines[i++] ?? "";
      lines.push(line);
      if (line[0] === "-" || line[0] === " ") (oldLine++, oldCount++);
      if (line[0] === "+" || line[0] === " ") {
        rightLines.push(newLine++);
        newCount++;
      }
    }
    pieces.push({ header: hunkHeader(oldStart, oldCount, newStart, newCount), oldStart, newStart, lines, rightLines });
  }
  cache.set(hunk, pieces);
  return pieces;
}
