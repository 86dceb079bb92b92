import type { Finding } from "../../review/answer/delegate-answer-schema.js";
import { loadPrompt } from "../../prompts/load-prompt.js";
import type { ChatMessage } from "../../review/prompt/chat-message.js";
import { dataSection } from "../../review/prompt/data-section.js";
import { truncateText } from "../../review/text/truncate-text.js";

const number = (lines: readonly string[], first: number) => {
  const width = String(first + lines.length).length;
  return lines.map((l, i) => `${String(first + i).padStart(width)}  ${l}`).join("\n");
};

/**
 * The narrow coder's prompt: the finding, the lines to replace and the code around them (masked by
 * the caller). Small by construction: a few hundred tokens.
 */
export function buildCoderMessages(input: { finding: Finding; range: string[]; startLine: number; around: string[]; aroundStart: number; rejected: string | null; maxChars: number }): ChatMessage[] {
  const { finding } = input;
  const parts = [
    `File: ${finding.path}`,
    `Finding: ${truncateText(finding.title, 300)}`,
    dataSection("root-cause", truncateText(finding.rootCause || "(none given)", 1500)),
    `Replace lines ${input.startLine}-${input.startLine + input.range.length - 1}:`,
    dataSection("lines", number(input.range, input.startLine)),
    "The code around them:",
    dataSection("around", truncateText(number(input.around, input.aroundStart), input.maxChars)),
    input.rejected ? `An earlier patch was refused: ${input.rejected}. Avoid that.` : "",
  ].filter(Boolean);
  return [
    { role: "system", content: loadPrompt("coder-system") },
    { role: "user", content: parts.join("\n\n") },
  ];
}

/** The replacement from the coder's answer: the first fenced block's body, else the whole answer. */
export function replacementFromAnswer(answer: string): string {
  const fenced = /```[^\n]*\n([\s\S]*?)\n?```/.exec(answer);
  return fenced ? (fenced[1] ?? "") : answer.replace(/^\n+|\n+$/g, "");
}
