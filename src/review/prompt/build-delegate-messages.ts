import { compactDiff } from "../diff/compact-diff.js";
import type { DiffModel } from "../diff/diff-model.js";
import { fillPrompt, loadPrompt } from "../../prompts/load-prompt.js";
import { plural } from "../render/plural.js";
import { assemblePrompt, pullRequestSections, type ModelPrompt } from "./assemble-prompt.js";
import type { PullRequestText } from "./chat-message.js";
import { dataSection } from "./data-section.js";
import { truncateText } from "./truncate-text.js";

const MAX_LEAD_NOTES_CHARS = 3000;

export interface DelegatePromptInput {
  pr: PullRequestText;
  diff: DiffModel;
  leadNotes: string | null;
  maxFindings: number;
  inputTokens: number;
}

/** Paths the lead named in its notes: ranked first when the diff must be cut. */
export function pathsNamedIn(notes: string | null, diff: DiffModel): Set<string> {
  if (!notes) return new Set();
  return new Set(diff.files.map((f) => f.path).filter((p) => notes.includes(p)));
}

/** The one delegate prompt, capped at `inputTokens` (estimated): the diff gets what the rest leaves. */
export function buildDelegateMessages(input: DelegatePromptInput): ModelPrompt {
  const { pr, diff, leadNotes, maxFindings, inputTokens } = input;
  const head = [
    ...pullRequestSections(pr),
    leadNotes ? `Lead's notes (hints, unverified):\n${dataSection("lead-notes", truncateText(leadNotes, MAX_LEAD_NOTES_CHARS))}` : "",
  ].filter(Boolean).join("\n\n");
  return assemblePrompt({
    system: fillPrompt(loadPrompt("delegate-system"), { max_findings: maxFindings }),
    head,
    inputTokens,
    // Room for the section markers and the "not shown" line below.
    reserve: 80,
    compact: (room) => compactDiff(diff.files, room, { pointedPaths: pathsNamedIn(leadNotes, diff) }),
    renderDiff: (compacted) => {
      const notShown = diff.leftOut.length + compacted.leftOut.length;
      return [
        `Diff (new-file line numbers on the left${notShown > 0 ? `; ${plural(notShown, "file")} not shown` : ""}):`,
        dataSection("diff", compacted.text),
      ].join("\n\n");
    },
  });
}
