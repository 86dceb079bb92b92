import type { ChatMessage, PullRequestText } from "./chat-message.js";
import { compactDiff, type CompactedDiff } from "./compact-diff.js";
import { dataSection } from "./data-section.js";
import type { DiffModel } from "./diff-model.js";
import { estimateTokens } from "./estimate-tokens.js";
import { loadPrompt } from "../prompts/load-prompt.js";
import { truncateText } from "./truncate-text.js";

export const LEAD_MAX_LISTED_FILES = 300;
const MAX_BODY_CHARS = 2000;
const MAX_TITLE_CHARS = 300;

export interface LeadPrompt {
  messages: ChatMessage[];
  estimatedTokens: number;
  compacted: CompactedDiff;
}

/** A compact file list, bounded in rows and tokens however many files the PR has. */
export function renderFileList(diff: DiffModel, maxTokens: number): string {
  const rows = [
    ...diff.files.map((f) => `- ${f.path} (${f.status}, +${f.additions} -${f.deletions})`),
    ...diff.leftOut.map((f) => `- ${f.path} (not shown: ${f.reason})`),
  ];
  const shown: string[] = [];
  let used = 0;
  for (const row of rows.slice(0, LEAD_MAX_LISTED_FILES)) {
    const cost = estimateTokens(row) + 1;
    if (used + cost > maxTokens) break;
    shown.push(row);
    used += cost;
  }
  if (rows.length > shown.length) shown.push(`- … and ${rows.length - shown.length} more files`);
  return shown.join("\n");
}

/** The lead's prompt, capped at `inputTokens`: PR text, file list, then as many hunks as fit. */
export function buildLeadMessages(pr: PullRequestText, diff: DiffModel, inputTokens: number): LeadPrompt {
  const system = loadPrompt("lead-system");
  const head = [
    `Pull request #${pr.number}`,
    dataSection("title", truncateText(pr.title, MAX_TITLE_CHARS)),
    dataSection("description", truncateText(pr.body, MAX_BODY_CHARS)),
    `Files changed: ${diff.files.length + diff.leftOut.length}`,
    // The list gets at most a third of the budget, so hunks still fit.
    dataSection("file-list", renderFileList(diff, Math.floor(inputTokens / 3))),
  ].join("\n\n");
  const fixed = estimateTokens(system) + estimateTokens(head) + 40;
  const compacted = compactDiff(diff.files, Math.max(0, inputTokens - fixed));
  const diffPart = `Diff excerpt (${compacted.included.length} of ${diff.files.length} reviewable files):\n\n${dataSection("diff", compacted.text)}`;
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
