import { compactDiff } from "../../review/diff/compact-diff.js";
import type { DiffModel } from "../../review/diff/diff-model.js";
import { linesNamedIn } from "./lines-named-in.js";
import { fillPrompt, loadPrompt } from "../../prompts/load-prompt.js";
import { plural } from "../../review/text/plural.js";
import { assemblePrompt, pullRequestSections, type ModelPrompt } from "../../review/prompt/assemble-prompt.js";
import type { PullRequestText } from "../../review/prompt/chat-message.js";
import { dataSection } from "../../review/prompt/data-section.js";
import { NO_INSTRUCTIONS, pathInstructionsSection, withGeneralInstructions, type RepoInstructions } from "../../review/prompt/maintainer-instructions.js";
import { truncateText } from "../../review/text/truncate-text.js";

const MAX_LEAD_NOTES_CHARS = 3000;

export interface DelegatePromptInput {
  pr: PullRequestText;
  diff: DiffModel;
  leadNotes: string | null;
  maxFindings: number;
  inputTokens: number;
  instructions?: RepoInstructions;
  /** Earlier open findings on lines this push changed, one line each ("… id: <token>"), already masked. */
  earlierFindings?: string[];
}

/** The earlier findings a push may have fixed, and how to say so: only in prompts that list any. */
function earlierFindingsSection(lines: readonly string[] | undefined): string {
  if (!lines || lines.length === 0) return "";
  return [
    'Earlier findings on lines this push changed. For each one this diff really fixes, add to your answer "resolved": [{"id": "<id>", "reason": "<one line: what fixed it>"}]; leave out those it does not fix.',
    dataSection("earlier-findings", lines.join("\n")),
  ].join("\n");
}

/** Paths the lead named in its notes, in the order it named them: ranked first when the diff must be cut. */
export function pathsNamedIn(notes: string | null, diff: DiffModel): Set<string> {
  if (!notes) return new Set();
  const named = diff.files.map((f) => ({ path: f.path, at: notes.indexOf(f.path) })).filter((p) => p.at >= 0);
  return new Set(named.sort((a, b) => a.at - b.at).map((p) => p.path));
}

/** The one delegate prompt, capped at `inputTokens` (estimated): the diff gets what the rest leaves. */
export function buildDelegateMessages(input: DelegatePromptInput): ModelPrompt {
  const { pr, diff, leadNotes, maxFindings, inputTokens } = input;
  const instructions = input.instructions ?? NO_INSTRUCTIONS;
  const head = [
    pathInstructionsSection(instructions, diff.files.map((f) => f.path)),
    ...pullRequestSections(pr),
    leadNotes ? `Lead's notes (hints, unverified):\n${dataSection("lead-notes", truncateText(leadNotes, MAX_LEAD_NOTES_CHARS))}` : "",
    earlierFindingsSection(input.earlierFindings),
  ].filter(Boolean).join("\n\n");
  return assemblePrompt({
    system: withGeneralInstructions(fillPrompt(loadPrompt("delegate-system"), { max_findings: maxFindings }), instructions),
    head,
    inputTokens,
    // Room for the section markers and the "not shown" line below.
    reserve: 80,
    compact: (room) => compactDiff(diff.files, room, { pointedPaths: pathsNamedIn(leadNotes, diff), pointedLines: linesNamedIn(leadNotes, diff) }),
    renderDiff: (compacted) => {
      const notShown = diff.leftOut.length + compacted.leftOut.length;
      return [
        `Diff (new-file line numbers on the left${notShown > 0 ? `; ${plural(notShown, "file")} not shown` : ""}):`,
        dataSection("diff", compacted.text),
      ].join("\n\n");
    },
  });
}
