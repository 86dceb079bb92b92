import type { HeadFiles } from "../../github/head-files.js";
import type { Finding } from "../../review/answer/delegate-answer-schema.js";
import type { DiffMasker } from "../../review/secrets/diff-masker.js";
import type { InlineFinding } from "../placement/place-findings.js";
import type { ReviewRun } from "../services/review-run.js";
import { checkDelegatePatches } from "./check-delegate-patches.js";
import type { CheckedSuggestion } from "./check-suggestion.js";
import { runCoder, type CoderStats } from "./run-coder.js";

export interface PreparedSuggestions {
  checks: Map<Finding, CheckedSuggestion>;
  coder: CoderStats;
}

/**
 * Stage 7, suggestions: every inline suggestion checked against the head file, then the coder for the
 * findings that want a patch. Never throws.
 */
export async function prepareSuggestions(run: ReviewRun, { inline, headFiles, masker }: { inline: InlineFinding[]; headFiles: HeadFiles; masker: DiffMasker }): Promise<PreparedSuggestions> {
  const { checks, wanting } = await checkDelegatePatches(inline, headFiles);
  const coder = await runCoder(wanting, checks, { headFiles, masker, services: run.services, log: run.log });
  return { checks, coder };
}
