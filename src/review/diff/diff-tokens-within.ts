import type { DiffModel } from "./diff-model.js";
import { tokensWithin } from "./estimate-tokens.js";
import { renderHunk } from "./render-hunk.js";

/**
 * The reviewable diff's tokens as the prompts render it, hunk by hunk, if at most `limit`; else false.
 * Counting stops at the limit, so a huge PR costs about `limit` tokens of counting, not its size.
 */
export function diffTokensWithin(diff: DiffModel, limit: number): number | false {
  let tokens = 0;
  for (const file of diff.files) {
    for (const hunk of file.hunks) {
      const within = tokensWithin(renderHunk(hunk), limit - tokens);
      if (within === false) return false;
      tokens += within;
    }
  }
  return tokens;
}
