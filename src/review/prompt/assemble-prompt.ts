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
  /** The code around the hunks added after them (delegate only). */
  context?: CodeContext;
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
  const user = `${head}\n\n${parts.renderDiff(compacted)}`;
  return {
    messages: [
      { role: "system", content: system },
      { role: "user", content: user },
    ],
    estimatedTokens: estimateTokens(system) + estimateTokens(user),
    compacted,
  };
}
