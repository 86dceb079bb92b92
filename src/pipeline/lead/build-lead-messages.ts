import { compactDiff } from "../../review/diff/compact-diff.js";
import type { DiffModel } from "../../review/diff/diff-model.js";
import { estimateTokens } from "../../review/diff/estimate-tokens.js";
import { loadPrompt } from "../../prompts/load-prompt.js";
import { assemblePrompt, pullRequestSections, type ModelPrompt } from "../../review/prompt/assemble-prompt.js";
import type { PullRequestText } from "../../review/prompt/chat-message.js";
import { dataSection } from "../../review/prompt/data-section.js";
import { NO_INSTRUCTIONS, pathInstructionsSection, withGeneralInstructions, type RepoInstructions } from "../../review/prompt/maintainer-instructions.js";

export const LEAD_MAX_LISTED_FILES = 300;

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

/**
 * The lead's prompt, capped at `inputTokens`: maintainers' instructions, PR text, file list, then as
 * many hunks as fit. `part` numbers the chunks of a PR too big for one call.
 */
export function buildLeadMessages(pr: PullRequestText, diff: DiffModel, inputTokens: number, instructions: RepoInstructions = NO_INSTRUCTIONS, part?: { index: number; of: number }): ModelPrompt {
  const head = [
    pathInstructionsSection(instructions, diff.files.map((f) => f.path)),
    ...pullRequestSections(pr),
    part ? `This pull request is too big for one reading: this is part ${part.index} of ${part.of}, with its own files. Name the riskiest files and hunks of this part.` : "",
    `Files changed: ${diff.files.length + diff.leftOut.length}`,
    // The list gets at most a third of the budget, so hunks still fit.
    dataSection("file-list", renderFileList(diff, Math.floor(inputTokens / 3))),
  ].filter(Boolean).join("\n\n");
  return assemblePrompt({
    system: withGeneralInstructions(loadPrompt("lead-system"), instructions),
    head,
    inputTokens,
    reserve: 40,
    compact: (room) => compactDiff(diff.files, room),
    renderDiff: (compacted) => `Diff excerpt (${compacted.included.length} of ${diff.files.length} reviewable files):\n\n${dataSection("diff", compacted.text)}`,
  });
}
