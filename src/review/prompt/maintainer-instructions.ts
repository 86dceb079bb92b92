import picomatch from "picomatch";
import { dataSection } from "./data-section.js";

/** What the repository's maintainers asked for (.github/glm-review.yml on the default branch). */
/** Extra words for files matching a glob (the repository configuration's `path_instructions`). */
export interface PathInstruction {
  path: string;
  instructions: string;
}

export interface RepoInstructions {
  general: string;
  paths: PathInstruction[];
}

export const NO_INSTRUCTIONS: RepoInstructions = { general: "", paths: [] };

/**
 * The general instructions go at the end of the system prompt: the same bytes for every review of the
 * repository, so providers that cache prompt prefixes can reuse them.
 */
export function withGeneralInstructions(system: string, instructions: RepoInstructions): string {
  if (!instructions.general.trim()) return system;
  return `${system}\n\nThe maintainers of this repository ask the following (from its review configuration; apply it where it does not conflict with the rules above):\n${dataSection("maintainers-instructions", instructions.general.trim())}`;
}

/** The path instructions whose glob matches a file under review, as one section (empty when none match). */
export function pathInstructionsSection(instructions: RepoInstructions, paths: readonly string[]): string {
  const matching = instructions.paths.filter((entry) => {
    const isMatch = picomatch(entry.path, { dot: true });
    return paths.some((p) => isMatch(p));
  });
  if (matching.length === 0) return "";
  const text = matching.map((e) => `For files matching ${e.path}:\n${e.instructions.trim()}`).join("\n\n");
  return `The maintainers' instructions for some of these files:\n${dataSection("maintainers-path-instructions", text)}`;
}
