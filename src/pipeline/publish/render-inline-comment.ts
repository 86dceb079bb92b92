import type { Finding, Severity } from "../../review/answer/delegate-answer-schema.js";
import { MASK } from "../../review/secrets/mask-secrets.js";
import { sanitizeModelText } from "../../review/text/sanitize-model-text.js";
import { replacementLines, type CheckedSuggestion } from "../suggestions/check-suggestion.js";

export const SEVERITY_LABEL: Record<Severity, string> = {
  high: "🔴 High",
  medium: "🟠 Medium",
  low: "🟡 Low",
  nit: "⚪ Nit",
};

/** A fence longer than any backtick run inside, so the suggestion cannot close it early. */
export function suggestionFence(code: string): string {
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  return "`".repeat(Math.max(3, longest + 1));
}

const MAX_SUGGESTION_CHARS = 20_000;

const LANGUAGE_TAG: Record<string, string> = { ts: "ts", tsx: "tsx", js: "js", mjs: "js", py: "python", go: "go", java: "java", rs: "rust", rb: "ruby", cs: "csharp", c: "c", h: "c", cpp: "cpp", php: "php", sh: "bash" };

/** A checked suggestion: a one-click block, or a plain code block with the reason it is not offered. */
function renderChecked(finding: Finding, check: CheckedSuggestion): string[] {
  if (check.kind === "reject") {
    const code = check.lines.join("\n");
    const fence = suggestionFence(code);
    const tag = LANGUAGE_TAG[/\.(\w+)$/.exec(finding.path)?.[1] ?? ""] ?? "";
    return [`Not offered as a one-click suggestion: ${sanitizeModelText(check.reason, 300)}.`, `${fence}${tag}\n${code}\n${fence}`];
  }
  // The block replaces exactly start_line..line; GitHub adds the final line end itself. A CRLF file
  // gets CRLF between the lines, so the committed lines keep the file's endings. No lines: an empty
  // block, which deletes the range.
  const code = check.lines.join(check.eol);
  const fence = suggestionFence(code);
  const block = check.lines.length === 0 ? `${fence}suggestion\n${fence}` : `${fence}suggestion\n${code}\n${fence}`;
  const notes = [
    check.byCoder ? "_Patch written by the coder model, and checked._" : "",
    check.level === "not_syntax_checked" ? "_Not syntax-checked: no parser for this language here._" : "",
    check.level === "not_checked" ? "_Not checked: the file could not be read at the head commit._" : "",
  ].filter(Boolean);
  return [block, ...notes];
}

/**
 * The body of one inline review comment: the finding, its root cause, and its patch as checked
 * (`check`); without a check (a finding no check ran for), the model's text as before.
 */
export function renderInlineComment(finding: Finding, delegateLabel: string, check?: CheckedSuggestion): string {
  const parts = [`**${SEVERITY_LABEL[finding.severity]}: ${sanitizeModelText(finding.title, 200)}**`];
  if (finding.rootCause.trim()) parts.push(sanitizeModelText(finding.rootCause, 4000));
  if (check && check.lines.join("\n").length <= MAX_SUGGESTION_CHARS) {
    parts.push(...renderChecked(finding, check));
  } else if (finding.suggestion?.includes(MASK)) {
    // Applying it would write the literal mask over the real value.
    parts.push("_The suggested patch touches a masked secret, so it is not offered as a one-click suggestion._");
  } else if (finding.suggestion !== undefined && finding.suggestion.length <= MAX_SUGGESTION_CHARS) {
    const lines = replacementLines(finding.suggestion);
    const code = lines.join("\n");
    const fence = suggestionFence(code);
    parts.push(lines.length === 0 ? `${fence}suggestion\n${fence}` : `${fence}suggestion\n${code}\n${fence}`);
  }
  parts.push(`<sub>GLM Review · ${delegateLabel}</sub>`);
  return parts.join("\n\n");
}
