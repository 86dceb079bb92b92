import type { CompactedDiff } from "../diff/compact-diff.js";
import type { DiffModel } from "../diff/diff-model.js";
import type { DiffMasker } from "./diff-masker.js";

/** Masking rarely changes what fits; past this many rebuilds every file is masked and the prompt built once more. */
const MAX_ROUNDS = 3;

/**
 * A prompt built from masked files only, masking no more than it sends: build, mask the files the
 * compaction kept that were not masked yet, build again, until every kept file is a masked one. The
 * last build is what is sent, so the cap holds on the masked text. A masked value can change a hunk's
 * size and so what fits; hence the loop, and the fallback of masking everything.
 */
export async function buildMaskedPrompt<P extends { compacted: CompactedDiff }>(diff: DiffModel, masker: DiffMasker, build: (diff: DiffModel) => P): Promise<P> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const prompt = build(masker.view(diff));
    const unmasked = prompt.compacted.included.map((i) => i.file).filter((f) => !masker.isSafe(f));
    if (unmasked.length === 0) return prompt;
    await masker.mask(unmasked);
  }
  await masker.mask(diff.files);
  return build(masker.view(diff));
}
