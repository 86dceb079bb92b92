import type { ChatMessage, PullRequestText } from "./chat-message.js";
import { compactDiff, type CompactedDiff } from "./compact-diff.js";
import { dataSection } from "./data-section.js";
import type { DiffModel } from "./diff-model.js";
import { estimateTokens } from "./estimate-tokens.js";
import { fillPrompt, loadPrompt } from "../prompts/load-prompt.js";
import { plural } from "./plural.js";
import { truncateText } from "./truncate-text.js";

const MAX_BODY_CHARS = 2000;
const MAX_TITLE_CHARS = 300;
const MAX_LEAD_NOTES_CHARS = 3000;

export interface DelegatePrompt {
  messages: ChatMessage[];
  estimatedTokens: number;
  compacted: CompactedDiff;
}

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
export function buildDelegateMessages(input: DelegatePromptInput): DelegatePrompt {
  const { pr, diff, leadNotes, maxFindings, inputTokens } = input;
  const system = fillPrompt(loadPrompt("delegate-system"), { max_findings: maxFindings });
  const head = [
    `Pull request #${pr.number}`,
    dataSection("title", truncateText(pr.title, MAX_TITLE_CHARS)),
    dataSection("description", truncateText(pr.body, MAX_BODY_CHARS)),
    leadNotes ? `Lead's notes (hints, unverified):\n${dataSection("lead-notes", truncateText(leadNotes, MAX_LEAD_NOTES_CHARS))}` : "",
  ].filter(Boolean).join("\n\n");
  // Room for the section markers and the "not shown" line below.
  const fixed = estimateTokens(system) + estimateTokens(head) + 80;
  const compacted = compactDiff(diff.files, Math.max(0, inputTokens - fixed), { pointedPaths: pathsNamedIn(leadNotes, diff) });
  const notShown = diff.leftOut.length + compacted.leftOut.length;
  const diffPart = [
    `Diff (new-file line numbers on the left${notShown > 0 ? `; ${plural(notShown, "file")} not shown` : ""}):`,
    dataSection("diff", compacted.text),
  ].join("\n\n");
  const user = `${head}\n\n${diffPart}`;
  return {
    messages: [
      { role: "system", content: system },
      { role: "user", content: user },
    ],
    estimatedTokens: estimateTokens(system) + estimateTokens(user),
    compacted,
  };
}
