import type { Finding, Severity } from "../answer/delegate-answer-schema.js";
import { MASK } from "../secrets/mask-secrets.js";
import { sanitizeModelText } from "./sanitize-model-text.js";

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

/** The body of one inline review comment: the finding, its root cause, and a one-click suggestion. */
export function renderInlineComment(finding: Finding, delegateLabel: string): string {
  const parts = [`**${SEVERITY_LABEL[finding.severity]}: ${sanitizeModelText(finding.title, 200)}**`];
  if (finding.rootCause.trim()) parts.push(sanitizeModelText(finding.rootCause, 4000));
  if (finding.suggestion?.includes(MASK)) {
    // Applying it would write the literal mask over the real value.
    parts.push("_The suggested patch touches a masked secret, so it is not offered as a one-click suggestion._");
  } else if (finding.suggestion !== undefined && finding.suggestion.length <= MAX_SUGGESTION_CHARS) {
    // The block replaces exactly start_line..line; GitHub adds the final newline itself.
    const code = finding.suggestion.replace(/\r\n/g, "\n").replace(/\n$/, "");
    const fence = suggestionFence(code);
    parts.push(`${fence}suggestion\n${code}\n${fence}`);
  }
  parts.push(`<sub>GLM Review · ${delegateLabel}</sub>`);
  return parts.join("\n\n");
}
