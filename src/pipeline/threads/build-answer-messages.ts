import { estimateTokens } from "../../review/diff/estimate-tokens.js";
import { loadPrompt } from "../../prompts/load-prompt.js";
import type { ChatMessage } from "../../review/prompt/chat-message.js";
import { dataSection } from "../../review/prompt/data-section.js";
import type { FindingRecord } from "../../store/finding-record.js";
import type { QuestionMaterial } from "./read-question-material.js";

/** Shares of the lead's input cap: the question and the finding are small and come whole; then the code, then the thread. */
const CODE_SHARE = 0.45;

/** Keeps whole lines from the start while they fit `maxTokens`. */
function linesWithin(lines: string[], maxTokens: number): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    used += estimateTokens(line) + 1;
    if (used > maxTokens) break;
    kept.push(line);
  }
  return kept;
}

/** The thread within `maxTokens`: the app's finding first, then the newest replies that fit, oldest of them first. */
function threadWithin(thread: QuestionMaterial["thread"], maxTokens: number): string {
  const render = (c: { author: string; body: string }) => `@${c.author} wrote:\n${c.body}`;
  const [first, ...replies] = thread.map(render);
  if (first === undefined) return "(the thread could not be read)";
  const kept: string[] = [];
  let used = estimateTokens(first);
  for (const reply of replies.reverse()) {
    used += estimateTokens(reply) + 2;
    if (used > maxTokens) break;
    kept.unshift(reply);
  }
  const skipped = replies.length - kept.length;
  return [linesWithin(first.split("\n"), maxTokens).join("\n"), ...(skipped > 0 ? [`(${skipped} earlier replies left out)`] : []), ...kept].join("\n\n");
}

function renderCode(code: NonNullable<QuestionMaterial["code"]>, maxTokens: number): string {
  const width = String(code.start + code.lines.length).length;
  const numbered = code.lines.map((l, i) => `${String(code.start + i).padStart(width)}  ${l}`);
  return linesWithin(numbered, maxTokens).join("\n");
}

/**
 * The lead's prompt for one question in one of the app's threads: the finding, the thread so far, the
 * code around it and the question, each a data section, within `inputTokens`. The thread and the
 * question are a PR's people's text: data, under the same rules as the PR body.
 */
export function buildAnswerMessages(record: FindingRecord, material: QuestionMaterial, question: { login: string; text: string }, inputTokens: number): ChatMessage[] {
  const lines = record.startLine !== null && record.startLine !== record.line ? `lines ${record.startLine}-${record.line}` : `line ${record.line}`;
  const head = [
    `The finding (${record.severity}), posted on ${record.path} ${lines}: ${record.title}`,
    `The question, from @${question.login}:\n${dataSection("question", question.text)}`,
  ].join("\n\n");
  const system = loadPrompt("thread-answer-system");
  const room = Math.max(0, inputTokens - estimateTokens(system) - estimateTokens(head) - 60);
  const { code } = material;
  const codeText = code ? renderCode(code, Math.floor(room * CODE_SHARE)) : "";
  const codeSection = code
    ? `The code around it (${code.path} at ${code.atHead ? "the pull request's head" : "the commit the finding was posted on; its lines have changed since"}, ${code.sha.slice(0, 7)}; new-file line numbers):\n${dataSection("code", codeText)}`
    : "The code around it could not be read.";
  const threadRoom = Math.max(0, room - estimateTokens(codeSection));
  const user = [head, `The thread so far, oldest first:\n${dataSection("thread", threadWithin(material.thread, threadRoom))}`, codeSection].join("\n\n");
  return [{ role: "system", content: system }, { role: "user", content: user }];
}
