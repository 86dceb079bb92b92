import type { DiffModel } from "../../review/diff/diff-model.js";
import { diffTokensWithin } from "../../review/diff/diff-tokens-within.js";

/**
 * Room beyond the diff itself: the system prompt, the PR text, the lead's notes and the code around the
 * hunks (enclosing scopes, called definitions) take about a third as much again as the hunks they explain.
 */
const ROOM_BEYOND_DIFF = 1.35;

export interface InputBudget {
  /** The delegate prompt's cap for this PR, in tokens. */
  tokens: number;
  /** The reviewable diff's tokens as the prompts render it; null when it is more than the ceiling can hold. */
  diffTokens: number | null;
  /** True when the ceiling, not the PR, set the budget: the PR is read in part. */
  atCeiling: boolean;
}

/**
 * The delegate's prompt budget grows with the PR. A PR whose reviewable diff (after `ignore` and the
 * lockfile and generated-file rules) fits the floor (DELEGATE_INPUT_TOKENS) gets the floor, as before: most
 * PRs, unchanged. A bigger one gets its diff plus room for the code around it, so a mid-size PR is read
 * whole; past the ceiling (DELEGATE_MAX_INPUT_TOKENS) no budget reads the PR whole anyway, and the ranking
 * decides what the ceiling holds. Counting stops at the ceiling, so a huge PR costs no more to measure.
 */
export function delegateInputBudget(diff: DiffModel, floor: number, ceiling: number): InputBudget {
  const tokens = diffTokensWithin(diff, Math.floor(ceiling / ROOM_BEYOND_DIFF));
  if (tokens === false) return { tokens: ceiling, diffTokens: null, atCeiling: ceiling > floor };
  // A diff the floor holds keeps the floor exactly: small PRs' prompts stay as they were, token for token.
  if (tokens <= floor) return { tokens: floor, diffTokens: tokens, atCeiling: false };
  return { tokens: Math.min(ceiling, Math.ceil(tokens * ROOM_BEYOND_DIFF)), diffTokens: tokens, atCeiling: false };
}
