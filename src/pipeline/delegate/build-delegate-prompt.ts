import type { HeadFiles } from "../../github/head-files.js";
import type { DiffModel } from "../../review/diff/diff-model.js";
import type { ModelPrompt } from "../../review/prompt/assemble-prompt.js";
import { buildDelegateMessages, type DelegatePromptInput } from "./build-delegate-messages.js";
import { buildMaskedPrompt } from "../../review/secrets/build-masked-prompt.js";
import type { DiffMasker } from "../../review/secrets/diff-masker.js";
import { withCodeContext } from "../context/with-code-context.js";

/**
 * Share of the cap kept for the code around the hunks when the diff does not fit whole: without it
 * the hunks fill the cap and no hunk gets its enclosing function (measured with bench:szz).
 */
const CONTEXT_RESERVE = 0.1;

/**
 * The one delegate prompt: hunks packed first (masked), then the code around them from the head
 * commit, all within `inputTokens`. When the diff is cut anyway, a tenth of the cap is kept for the
 * enclosing scopes, which tell the model what each hunk belongs to.
 */
export async function buildDelegatePrompt(
  input: Omit<DelegatePromptInput, "diff" | "inputTokens"> & { diff: DiffModel },
  masker: DiffMasker,
  headFiles: (Pick<HeadFiles, "read"> & Partial<Pick<HeadFiles, "exists">>) | null,
  inputTokens: number,
  contextMaxFiles = 10,
): Promise<ModelPrompt> {
  const build = (cap: number) => buildMaskedPrompt(input.diff, masker, (masked) => buildDelegateMessages({ ...input, diff: masked, inputTokens: cap }));
  let hunks = await build(inputTokens);
  if (!headFiles) return hunks;
  if (hunks.compacted.leftOut.length > 0 || hunks.compacted.partial.length > 0) hunks = await build(Math.floor(inputTokens * (1 - CONTEXT_RESERVE)));
  return withCodeContext(hunks, headFiles, masker, inputTokens, contextMaxFiles);
}
