import type { CodeContext } from "./code-context.js";
import type { CompactedDiff } from "../diff/compact-diff.js";
import { estimateTokens } from "../diff/estimate-tokens.js";
import type { ChatMessage, PullRequestText } from "./chat-message.js";
import { dataSection } from "./data-section.js";
import { truncateText } from "../text/truncate-text.js";

const MAX_TITLE_CHARS = 300;
const MAX_BODY_CHARS = 2000;

/** A model's prompt: the messages, their estimated size, and what of the diff made it in. */
export interface ModelPrompt {
  messages: ChatMessage[];
  estimatedTokens: number;
  compacted: CompactedDiff;
  /** The code around the hunks, the user message's last section (delegate only). */
  context?: CodeContext;
  /** The sections the user message is assembled from, in order. */
  sections: { head: string; diff: string };
}

/** The heading of the code-context section. */
export const CONTEXT_HEADING = "Code around the changed lines (head commit, new-file line numbers; context only, findings must point at diff lines):";

/** The user message: the head (PR text, notes, instructions), the diff, then the code around it when there is any. */
function userMessage(sections: ModelPrompt["sections"], context?: CodeContext): string {
  return [sections.head, sections.diff, ...(context?.text ? [CONTEXT_HEADING, context.text] : [])].join("\n\n");
}

function messagesOf(system: string, user: string): Pick<ModelPrompt, "messages" | "estimatedTokens"> {
  return {
    messages: [
      { role: "system", content: system },
      { role: "user", content: user },
    ],
    estimatedTokens: estimateTokens(system) + estimateTokens(user),
  };
}

/** The PR's number, title and description, capped and fenced as untrusted data: both prompts start so. */
export function pullRequestSections(pr: PullRequestText): string[] {
  return [
    `Pull request #${pr.number}`,
    dataSection("title", truncateText(pr.title, MAX_TITLE_CHARS)),
    dataSection("description", truncateText(pr.body, MAX_BODY_CHARS)),
  ];
}

/**
 * System prompt, then one user message: `head`, then the diff part. The diff gets what the rest of
 * `inputTokens` leaves (less `reserve` for the markers and lines around it), so the estimate stays
 * within the cap.
 */
export function assemblePrompt(parts: {
  system: string;
  head: string;
  inputTokens: number;
  reserve: number;
  compact: (room: number) => CompactedDiff;
  renderDiff: (compacted: CompactedDiff) => string;
}): ModelPrompt {
  const { system, head, inputTokens, reserve } = parts;
  const fixed = estimateTokens(system) + estimateTokens(head) + reserve;
  const compacted = parts.compact(Math.max(0, inputTokens - fixed));
  const sections = { head, diff: parts.renderDiff(compacted) };
  return { ...messagesOf(system, userMessage(sections)), compacted, sections };
}

/** The same prompt with the code around the hunks as its last section. */
export function withContextSection(prompt: ModelPrompt, context: CodeContext): ModelPrompt {
  const system = prompt.messages[0]?.content ?? "";
  return { ...prompt, ...messagesOf(system, userMessage(prompt.sections, context)), context };
}
