import { countTokens, isWithinTokenLimit } from "gpt-tokenizer";

const NO_SPECIAL_TOKENS = { disallowedSpecial: new Set<string>() };

/**
 * Prompt size estimate with a real BPE tokenizer (o200k). GLM's own vocabulary differs, so this is an
 * estimate; the answer's `usage` is what the ledger records. Special-token text such as "<|endoftext|>"
 * in a diff is counted as plain text instead of throwing.
 */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  return countTokens(text, NO_SPECIAL_TOKENS);
}

/**
 * The token count if it is at most `limit`, else false. Stops tokenizing past the limit, so asking
 * whether a 30,000-line hunk fits a 500-token remainder costs 500 tokens of work, not 300,000.
 */
export function tokensWithin(text: string, limit: number): number | false {
  if (limit < 0) return false;
  if (text.length === 0) return 0;
  return isWithinTokenLimit(text, limit, NO_SPECIAL_TOKENS);
}
