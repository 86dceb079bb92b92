import { delegateUsage, type DelegateOutcome } from "../../review/answer/delegate-outcome.js";
import type { LeadResult } from "../../review/answer/interpret-lead-answer.js";
import { describeDelegateOutcome } from "./describe-delegate-outcome.js";
import type { DiffModel, LeftOutFile } from "../../review/diff/diff-model.js";
import type { Placement } from "../placement/place-findings.js";
import { SEVERITY_LABEL } from "./render-inline-comment.js";
import { codeSpan, sanitizeModelText } from "../../review/text/sanitize-model-text.js";
import { formatCount } from "../../review/text/format-count.js";
import { plural } from "../../review/text/plural.js";
import { costUsd, formatUsd } from "../../review/answer/cost-usd.js";
import type { Prices } from "../../review/answer/prices.js";
import type { EarlierFindings } from "../earlier/follow-earlier-findings.js";
import { earlierFindingsLine } from "./earlier-findings-line.js";
import { truncateText } from "../../review/text/truncate-text.js";

/** Hidden marker that finds the one summary comment again. Model text can never contain it (see sanitizeModelText). */
export const SUMMARY_MARKER = "<!-- glm-review:summary -->";
/** GitHub rejects comment bodies over 65,536 characters. */
export const MAX_COMMENT_CHARS = 65_000;
const MAX_LISTED = 100;
/** Paths named in the "left out" list at most; the rest are counted per reason. */
const MAX_LEFT_OUT_PATHS = 20;

export type ReviewPostResult = { kind: "posted"; inline: number } | { kind: "failed"; reason: string } | { kind: "none" };

export interface SummaryInput {
  headSha: string;
  delegateLabel: string;
  /** What part of the PR was reviewed, when not all of it (a push). */
  scopeNote: string | undefined;
  lead: LeadResult;
  /** Null while the delegate is still running: the comment says so. */
  delegate: DelegateOutcome | null;
  placement: Placement | null;
  /** Findings placed on lines already commented on earlier in this PR: not posted again. */
  repeatedFindings: number;
  review: ReviewPostResult;
  diff: DiffModel;
  /** Files the delegate's prompt budget could not hold, and files shown only in part. */
  promptLeftOut: LeftOutFile[];
  promptPartial: { path: string; keptHunks: number; totalHunks: number }[];
  /** Unchanged context lines were shortened to fit the delegate's prompt. */
  contextTrimmed: boolean;
  configProblems: string[];
  /** Values that looked like secrets and were masked before any model call. */
  maskedSecrets: number;
  /** What is left today: tokens, and dollars when DAILY_BUDGET_USD applies. */
  budget: { spentToday: number; dailyBudget: number; usd?: { spent: number; budget: number } };
  /** Known prices turn tokens into money in the footer. */
  prices: { delegate: Prices | null; lead: Prices | null };
  /** What the delegate's prompt held, for the coverage line; absent while it runs or when not called. */
  coverage?: { hunks: number; rankedByLead: boolean; leadSkimmed: number | undefined; contextFiles: number; scopes: number; ceiling?: number };
  /** The narrow coder's calls and tokens in this review, when it ran. */
  coder?: { calls: number; tokens: number; usd: number | null };
  /** The findings posted before this run, as their threads stand now. */
  earlier?: EarlierFindings;
}

const n = formatCount;

function fileListFallback(diff: DiffModel): string {
  const rows = diff.files.map((f) => `- ${codeSpan(f.path)} (${f.status}, +${f.additions} -${f.deletions})`);
  const shown = rows.slice(0, MAX_LISTED);
  if (rows.length > shown.length) shown.push(`- … and ${rows.length - shown.length} more`);
  return shown.length > 0 ? shown.join("\n") : "_No file in this PR has a reviewable diff._";
}

function renderLead(lead: LeadResult, diff: DiffModel): string {
  switch (lead.kind) {
    case "ok":
      return `#### What this change does\n${sanitizeModelText(lead.text, 4000)}`;
    case "failed":
      return `#### Files changed\nThe lead model (${codeSpan(lead.model)}) gave no summary (${sanitizeModelText(lead.reason, 300)}).\n\n${fileListFallback(diff)}`;
    case "disabled":
      return `#### Files changed\nNo lead model is configured (LEAD_MODEL), so this is the file list.\n\n${fileListFallback(diff)}`;
  }
}

function renderFindings(input: SummaryInput): string {
  const { delegate, placement, review } = input;
  if (!delegate || delegate.kind !== "ok" || !placement) return "";
  const parts: string[] = [];
  if (delegate.summary.trim()) parts.push(sanitizeModelText(delegate.summary, 2000));
  const inlineNote =
    review.kind === "posted"
      ? "inline comment in the review below"
      : review.kind === "failed"
        ? "inline comment could not be posted"
        : "";
  const rows: string[] = [];
  const shownInline = review.kind === "failed" ? [] : placement.inline;
  for (const { finding, startLine, line } of shownInline) {
    const range = startLine ? `L${startLine}-L${line}` : `L${line}`;
    rows.push(`- **${SEVERITY_LABEL[finding.severity]}** ${codeSpan(`${finding.path}:${range}`)}: ${sanitizeModelText(finding.title, 200)} (${inlineNote})`);
  }
  const unplaced = [
    ...placement.unplaced,
    ...(review.kind === "failed" ? placement.inline.map(({ finding }) => ({ finding, reason: "inline comment could not be posted" })) : []),
  ];
  for (const { finding, reason } of unplaced) {
    const range = finding.startLine ? `L${finding.startLine}-L${finding.line}` : `L${finding.line}`;
    // A blank line before the detail, so it reads as the finding's body rather than a run-on bullet.
    const cause = finding.rootCause.trim() ? `\n\n  ${sanitizeModelText(finding.rootCause, 600).replace(/\n/g, "\n  ")}` : "";
    rows.push(`- **${SEVERITY_LABEL[finding.severity]}** ${codeSpan(`${finding.path}:${range}`)}: ${sanitizeModelText(finding.title, 200)} (${reason}, so not inline)${cause}`);
  }
  if (rows.length > 0) parts.push(rows.join("\n"));
  if (placement.droppedOutsidePr > 0) parts.push(`_${plural(placement.droppedOutsidePr, "finding")} named files that are not in this PR and ${placement.droppedOutsidePr === 1 ? "was" : "were"} dropped._`);
  if (input.repeatedFindings > 0) parts.push(`_${plural(input.repeatedFindings, "finding")} already commented on earlier in this PR ${input.repeatedFindings === 1 ? "is" : "are"} not repeated._`);
  if (placement.droppedOverLimit > 0) parts.push(`_${plural(placement.droppedOverLimit, "less severe finding")} left out (max_findings)._`);
  if (review.kind === "failed") parts.push(`_GitHub did not accept the inline review (${sanitizeModelText(review.reason, 200)}); the findings are listed here instead._`);
  return parts.length > 0 ? `#### Findings\n${parts.join("\n\n")}` : "";
}

/** One plain line on what GLM-5.2 read, when it was called. */
function renderCoverage(input: SummaryInput): string {
  const c = input.coverage;
  if (!c || !input.delegate || input.delegate.kind === "not_needed") return "";
  const total = input.diff.files.length + input.diff.leftOut.length;
  const read = input.diff.files.length - input.promptLeftOut.length;
  const ranked = c.rankedByLead ? `, ranked by the lead${c.leadSkimmed !== undefined ? `, which skimmed ${plural(c.leadSkimmed, "file")}` : ""}` : "";
  const context = c.contextFiles > 0 ? `; with the code around them from ${plural(c.contextFiles, "file")} (${plural(c.scopes, "enclosing scope")})` : "";
  const cut = c.ceiling !== undefined ? `; the PR is bigger than the prompt's ceiling (DELEGATE_MAX_INPUT_TOKENS=${n(c.ceiling)} tokens), so the riskiest parts were chosen` : "";
  return `_${input.delegateLabel} read ${n(read)} of ${plural(total, "file")} (${plural(c.hunks, "hunk")}${ranked})${context}${cut}._`;
}

function renderNotReviewed(input: SummaryInput): string {
  const entries = [
    ...input.diff.leftOut.map((f) => ({ path: f.path, reason: f.reason as string })),
    ...input.promptLeftOut.map((f) => ({ path: f.path, reason: f.reason as string })),
    ...input.promptPartial.map((p) => ({ path: p.path, reason: "reviewed in part (prompt budget)", detail: `${p.keptHunks} of ${p.totalHunks} hunks` })),
  ] as { path: string; reason: string; detail?: string }[];
  const trimmed = input.contextTrimmed ? "_Unchanged context lines were shortened to fit the prompt budget (DELEGATE_INPUT_TOKENS)._" : "";
  if (entries.length === 0) return trimmed;
  // Grouped by reason with counts; at most MAX_LEFT_OUT_PATHS paths named in all.
  const groups = new Map<string, typeof entries>();
  for (const e of entries) groups.set(e.reason, [...(groups.get(e.reason) ?? []), e]);
  let named = 0;
  const blocks = [...groups].map(([reason, list]) => {
    const room = Math.max(0, MAX_LEFT_OUT_PATHS - named);
    const shown = list.slice(0, room);
    named += shown.length;
    const rows = shown.map((e) => `- ${codeSpan(e.path)}: ${e.detail ?? e.reason}`);
    if (list.length > shown.length) rows.push(`- … and ${plural(list.length - shown.length, "more file")} (${reason})`);
    return `**${reason}** (${list.length})\n${rows.join("\n")}`;
  });
  return `<details><summary>Not reviewed or reviewed in part (${entries.length})</summary>\n\n${blocks.join("\n\n")}\n\n</details>${trimmed ? `\n\n${trimmed}` : ""}`;
}

function renderFooter(input: SummaryInput): string {
  const { delegate, budget, delegateLabel, prices, lead, coder } = input;
  // In the unit that is set: dollars when DAILY_BUDGET_USD applies (tokens are then a runaway guard), else tokens.
  const left = budget.usd
    ? `${formatUsd(Math.max(0, budget.usd.budget - budget.usd.spent))} of ${formatUsd(budget.usd.budget)} delegate budget left today`
    : `${n(Math.max(0, budget.dailyBudget - budget.spentToday))} delegate tokens left today`;
  const parts: string[] = [];
  const u = delegate ? delegateUsage(delegate) : undefined;
  if (u) {
    const reasoning = u.reasoning !== undefined ? `, ${n(u.reasoning)} reasoning` : "";
    const cached = u.cachedPrompt ? `, ${n(u.cachedPrompt)} cached` : "";
    const money = prices.delegate ? `, ≈ ${formatUsd(costUsd(u, prices.delegate))}` : "";
    parts.push(`${delegateLabel}: ${n(u.total)} tokens (${n(u.prompt)} in${cached}, ${n(u.completion)} out${reasoning})${u.estimated ? " (estimated)" : ""}${money}`);
  }
  const leadUsage = lead.kind !== "disabled" ? lead.usage : undefined;
  if (leadUsage && prices.lead) parts.push(`lead ≈ ${formatUsd(costUsd(leadUsage, prices.lead))}`);
  if (coder && coder.calls > 0) parts.push(`coder: ${plural(coder.calls, "call")}, ${n(coder.tokens)} tokens${coder.usd !== null ? ` ≈ ${formatUsd(coder.usd)}` : ""}`);
  parts.push(left);
  // Only a finished review names the commit it reviewed; the in-progress comment is not done yet.
  if (delegate) parts.push(`reviewed ${codeSpan(input.headSha.slice(0, 7))}`);
  return `<sub>${parts.join(" · ")}</sub>`;
}

/** The one summary comment: marker, delegate status sentence, lead summary, findings, what was left out. */
export function renderSummaryComment(input: SummaryInput): string {
  const status = input.delegate
    ? describeDelegateOutcome(input.delegate, input.delegateLabel)
    : `${input.delegateLabel} is reviewing the diff; this comment will be updated.`;
  const sections = [
    SUMMARY_MARKER,
    "### GLM Review",
    `> ${sanitizeModelText(status, 600).replace(/\n/g, " ")}`,
    input.scopeNote ?? "",
    renderLead(input.lead, input.diff),
    renderFindings(input),
    earlierFindingsLine(input.earlier),
    renderCoverage(input),
    renderNotReviewed(input),
    input.maskedSecrets > 0
      ? `> [!NOTE]\n> ${plural(input.maskedSecrets, "value")} that looked like ${input.maskedSecrets === 1 ? "a secret was" : "secrets were"} masked before any model saw the diff. If ${input.maskedSecrets === 1 ? "it is a real secret" : "they are real secrets"}, rotate ${input.maskedSecrets === 1 ? "it" : "them"}: ${input.maskedSecrets === 1 ? "it is" : "they are"} in the branch's history.`
      : "",
    input.configProblems.length > 0
      ? `> [!WARNING]\n> \`.github/glm-review.yml\` has problems; defaults were used for them:\n${input.configProblems.map((p) => `> - ${sanitizeModelText(p, 300)}`).join("\n")}`
      : "",
    renderFooter(input),
  ].filter((s) => s !== "");
  return truncateText(sections.join("\n\n"), MAX_COMMENT_CHARS);
}
