import type { HeadFiles } from "../../github/head-files.js";
import type { Finding } from "../../review/answer/delegate-answer-schema.js";
import { MASK } from "../../review/secrets/mask-secrets.js";
import type { InlineFinding } from "../placement/place-findings.js";
import { checkSuggestion, type CheckedSuggestion } from "./check-suggestion.js";

/**
 * The delegate's own patches, each checked against the head file; and the findings that want one from
 * the coder: those whose patch was refused, and those with a root cause and no patch. A patch over a
 * masked value is never offered (nor checked).
 */
export async function checkDelegatePatches(inline: InlineFinding[], headFiles: Pick<HeadFiles, "read">): Promise<{ checks: Map<Finding, CheckedSuggestion>; wanting: InlineFinding[] }> {
  const checks = new Map<Finding, CheckedSuggestion>();
  const wanting: InlineFinding[] = [];
  for (const placed of inline) {
    const { finding } = placed;
    const startLine = placed.startLine ?? placed.line;
    if (finding.suggestion !== undefined && !finding.suggestion.includes(MASK)) {
      const check = await checkSuggestion({ path: finding.path, startLine, line: placed.line, text: finding.suggestion, head: await headFiles.read(finding.path) });
      checks.set(finding, check);
      if (check.kind === "reject") wanting.push(placed);
    } else if (finding.suggestion === undefined && finding.rootCause.trim()) {
      wanting.push(placed);
    }
  }
  return { checks, wanting };
}
