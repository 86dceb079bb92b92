import { loadPrompt } from "../../prompts/load-prompt.js";
import { plural } from "../../review/text/plural.js";
import { codeSpan, sanitizeModelText } from "../../review/text/sanitize-model-text.js";
import type { TokenUsage } from "../../review/answer/chat-outcome.js";

const MAX_ANSWER_CHARS = 4_000;
/** A line of the system prompt this long, found in an answer, means the answer recites its instructions. */
const RECITED_LINE_CHARS = 40;
export const PROMPT_REFUSAL = "I can only answer questions about this finding and its code.";

/** True when the answer repeats a line of the instructions (a question asked it to reveal its prompt). */
function recitesPrompt(answer: string): boolean {
  const squash = (text: string) => text.replace(/\s+/g, " ").toLowerCase();
  const said = squash(answer);
  return loadPrompt("thread-answer-system")
    .split("\n")
    .map((line) => squash(line).replace(/^- /, "").trim())
    .some((line) => line.length >= RECITED_LINE_CHARS && said.includes(line.slice(0, 80)));
}

/**
 * The reply that carries the lead's answer: model text made safe (no HTML, mentions or foreign links,
 * bounded), no ```suggestion block (only checked patches are offered one-click, and these are not
 * checked), no `/glm` command at a line's start, never its instructions; a footer naming the model and cost.
 */
export function renderThreadAnswer(answer: string, footer: { model: string; usage: TokenUsage | null; usd: number | null }): string {
  const safe = recitesPrompt(answer) ? PROMPT_REFUSAL : sanitizeModelText(answer, MAX_ANSWER_CHARS);
  const text = safe
    .replace(/^(\s*(?:`{3,}|~{3,})\s*)suggestion\b/gim, "$1diff")
    .replace(/^(\s*)\/glm\b/gim, "$1/\u200bglm");
  const parts = [`Answered by the lead model ${codeSpan(footer.model)}`];
  if (footer.usage) parts.push(plural(footer.usage.total, "token"));
  if (footer.usd !== null) parts.push(`$${footer.usd.toFixed(4)}`);
  return `${text}\n\n<sub>${parts.join(" · ")}. Questions are answered from the finding, this thread and the code around it.</sub>`;
}
