import { countTokens } from "gpt-tokenizer";

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
