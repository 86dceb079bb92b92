import type { HeadFiles } from "../../github/head-files.js";
import type { HeadFile } from "../../review/diff/head-file.js";
import { buildCodeContext } from "./build-code-context.js";
import { estimateTokens } from "../../review/diff/estimate-tokens.js";
import { CONTEXT_HEADING, withContextSection, type ModelPrompt } from "../../review/prompt/assemble-prompt.js";
import { dataSection } from "../../review/prompt/data-section.js";
import type { DiffMasker } from "../../review/secrets/diff-masker.js";

/**
 * The delegate's prompt with the code around its hunks as its last section (assembled by
 * withContextSection), within the same cap: the hunks were packed first, the context gets what they left. Head files are masked like the diff before any line
 * of them is used.
 */
export async function withCodeContext(prompt: ModelPrompt, headFiles: Pick<HeadFiles, "read"> & Partial<Pick<HeadFiles, "exists">>, masker: DiffMasker, inputTokens: number, contextMaxFiles = 10): Promise<ModelPrompt> {
  const room = inputTokens - prompt.estimatedTokens - estimateTokens(CONTEXT_HEADING) - 4;
  if (room < 20 || prompt.compacted.included.length === 0) return prompt;
  const masked = new Map<string, Promise<HeadFile>>();
  const read = (path: string) => {
    let file = masked.get(path);
    if (!file) {
      file = headFiles.read(path).then(async (f) => (f.kind === "read" ? { kind: "read" as const, text: await masker.maskText(f.text) } : f));
      masked.set(path, file);
    }
    return file;
  };
  // Token counts of joined sections are not exactly the sum of their parts: measure the whole and
  // shrink the context's budget until the prompt is within the cap (or send the hunks alone).
  let budget = room;
  for (let attempt = 0; attempt < 3 && budget >= 20; attempt++) {
    const exists = headFiles.exists ? (path: string) => headFiles.exists!(path) : undefined;
    const context = await buildCodeContext(prompt.compacted.included, read, budget, (path, lines) => dataSection(`context ${path}`, lines), contextMaxFiles, exists);
    if (!context.text) return { ...prompt, context };
    const withContext = withContextSection(prompt, context);
    if (withContext.estimatedTokens <= inputTokens) return withContext;
    budget -= withContext.estimatedTokens - inputTokens + 16;
  }
  return prompt;
}
