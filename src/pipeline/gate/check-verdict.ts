import type { CheckConclusion, CheckOutput } from "../../github/check-runs.js";
import { plural } from "../../review/text/plural.js";
import { truncateText } from "../../review/text/truncate-text.js";
import type { CheckRunConfig } from "../../settings/repo-config-schema.js";
import { countStates, type FindingRecord } from "../../store/finding-record.js";

/** The Checks API takes at most 65,535 characters of summary; the list stops well inside that. */
const MAX_SUMMARY_CHARS = 60_000;
const MAX_TITLE_CHARS = 200;
const RANK: Record<string, number> = { high: 3, medium: 2, low: 1, nit: 0 };
const rankOf = (severity: string) => RANK[severity] ?? RANK.medium!;
/** The title of a check the app could not finish: a later thread event leaves such a check as it is. */
export const FAULT_TITLE = "Not fully reviewed (an app-side problem): nothing is blocked";

export type CheckVerdict = CheckOutput & { conclusion: CheckConclusion };

/** One open finding as a Markdown list item, linked to its thread on the PR's page. */
function listItem(record: FindingRecord, prUrl: string | undefined): string {
  const title = record.title.replace(/[\r\n[\]]+/g, " ").slice(0, 300);
  const link = prUrl && record.commentId !== null ? `[${title}](${prUrl}#discussion_r${record.commentId})` : title;
  return `- **${record.severity}** ${link} (\`${record.path.replace(/`/g, "")}:${record.line}\`)`;
}

/**
 * The merge gate's verdict from the PR's finding records: failure when an open finding is at or above
 * `block_on`, neutral when findings are open below it (or nothing blocks), success when none is open.
 * An app-side fault (`fault`, the summary's own sentence) is always neutral: the app never blocks a
 * merge for its own failure. The summary lists the open findings, most severe first, within the API's limits.
 */
export function checkVerdict(records: readonly FindingRecord[], config: CheckRunConfig, options: { fault: string | null; prUrl: string | undefined; note?: string }): CheckVerdict {
  const open = records.filter((r) => r.state === "open").sort((a, b) => rankOf(b.severity) - rankOf(a.severity));
  const blocking = config.block_on ? open.filter((r) => rankOf(r.severity) >= rankOf(config.block_on!)) : [];
  const counts = countStates(records);
  const ended = (["fixed", "applied", "dismissed", "outdated"] as const).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  const rule = config.block_on ? `Findings at or above **${config.block_on}** block (\`block_on\` in .github/glm-review.yml).` : "This check reports only: `block_on` is not set in .github/glm-review.yml.";
  const lines: string[] = [];
  if (options.fault) lines.push(options.fault, "");
  if (options.note) lines.push(options.note, "");
  lines.push(rule, "", open.length === 0 ? "No findings are open." : `Open findings (${open.length}):`);
  let summary = lines.join("\n");
  for (const [i, record] of open.entries()) {
    const item = listItem(record, options.prUrl);
    if (summary.length + item.length + 100 > MAX_SUMMARY_CHARS) {
      summary += `\n- … and ${open.length - i} more`;
      break;
    }
    summary += `\n${item}`;
  }
  if (ended.length > 0) summary += `\n\nEarlier findings closed: ${ended.join(", ")}.`;
  const conclusion: CheckConclusion = options.fault ? "neutral" : blocking.length > 0 ? "failure" : open.length > 0 ? "neutral" : "success";
  const title = options.fault
    ? FAULT_TITLE
    : blocking.length > 0
      ? `${plural(blocking.length, "open finding")} at or above ${config.block_on}`
      : open.length > 0
        ? `${plural(open.length, "open finding")}, none blocking`
        : "No open findings";
  return { conclusion, title: truncateText(title, MAX_TITLE_CHARS), summary };
}
