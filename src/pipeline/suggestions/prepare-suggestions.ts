import type { HeadFiles } from "../../github/head-files.js";
import type { Finding } from "../../review/answer/delegate-answer-schema.js";
import type { TokenUsage } from "../../review/answer/chat-outcome.js";
import { scopesAt } from "../../review/syntax/find-scopes.js";
import { parseSource } from "../../review/syntax/syntax-parser.js";
import { buildCoderMessages, replacementFromAnswer } from "./build-coder-messages.js";
import { costUsd } from "../../review/answer/cost-usd.js";
import type { InlineFinding } from "../placement/place-findings.js";
import type { DiffMasker } from "../../review/secrets/diff-masker.js";
import { MASK } from "../../review/secrets/mask-secrets.js";
import { checkSuggestion, type CheckedSuggestion } from "./check-suggestion.js";
import { countUsage } from "../services/count-usage.js";
import type { ReviewLogger, ReviewServices } from "../services/review-services.js";


export interface PreparedSuggestions {
  checks: Map<Finding, CheckedSuggestion>;
  coder: { calls: number; tokens: number; usd: number | null };
}

/** Lines of code around the range the coder sees, at most. */
const AROUND_MAX_LINES = 120;
/**
 * Rendered hunks ran 2.3-4.3 characters a token on the cost bench's corpus (docs/architecture.md): two
 * characters per token of the coder's input cap keeps the code around the range within it.
 */
const CHARS_PER_TOKEN_FLOOR = 2;

async function around(path: string, text: string, startLine: number, line: number): Promise<{ lines: string[]; start: number }> {
  const all = text.split(/\r?\n/);
  const tree = await parseSource(path, all.join("\n")).catch(() => null);
  const scope = tree ? scopesAt(tree, startLine).at(-1) : undefined;
  tree?.delete();
  let from = scope ? scope.startLine : startLine - 15;
  let to = scope ? scope.endLine : line + 15;
  if (to - from + 1 > AROUND_MAX_LINES) [from, to] = [Math.max(from, startLine - 50), Math.min(to, line + 50)];
  from = Math.max(1, from);
  to = Math.min(all.length, to);
  return { lines: all.slice(from - 1, to), start: from };
}

/**
 * Every inline suggestion checked against the head file; then, most severe first and at most
 * CODER_MAX_CALLS times, the narrow coder (a cheap model on the lead's endpoint, never the delegate)
 * writes the patch a finding lacks or whose patch was refused, and that patch is checked the same way.
 * A coder that fails or times out leaves the finding as text. Never throws.
 */
export async function prepareSuggestions(inline: InlineFinding[], headFiles: HeadFiles, masker: DiffMasker, services: ReviewServices, log: ReviewLogger): Promise<PreparedSuggestions> {
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
  const coder = services.coder;
  const settings = services.settings.coder;
  const stats = { calls: 0, tokens: 0, usd: settings?.prices ? 0 : null as number | null };
  if (!coder || !settings) return { checks, coder: stats };
  for (const placed of wanting) {
    if (stats.calls >= settings.maxCalls) break;
    const { finding } = placed;
    const startLine = placed.startLine ?? placed.line;
    const head = await headFiles.read(finding.path);
    if (head.kind === "unreadable") continue;
    const masked = (await masker.maskText(head.text)).split(/\r?\n/);
    const range = masked.slice(startLine - 1, placed.line);
    if (range.length === 0 || range.some((l) => l.includes(MASK))) continue; // a patch over a masked value cannot be offered
    const context = await around(finding.path, masked.join("\n"), startLine, placed.line);
    const earlier = checks.get(finding);
    const messages = buildCoderMessages({ finding, range, startLine, around: context.lines, aroundStart: context.start, rejected: earlier?.kind === "reject" ? earlier.reason : null, maxChars: settings.inputTokens * CHARS_PER_TOKEN_FLOOR });
    stats.calls++;
    const outcome = await coder.complete(messages);
    if (outcome.kind !== "answered") {
      log.warn({ path: finding.path, outcome: outcome.kind }, "coder gave no patch; the finding stays as text");
      continue;
    }
    const usage: TokenUsage | null = outcome.usage;
    if (usage) {
      countUsage(services, "coder", usage, settings.prices);
      stats.tokens += usage.total;
      if (stats.usd !== null && settings.prices) stats.usd += costUsd(usage, settings.prices);
    }
    // A cut answer, or an empty one without a code block, is no patch (an empty block is a deletion).
    if (outcome.finishReason === "length" || (!outcome.content.includes("```") && !outcome.content.trim())) continue;
    const text = replacementFromAnswer(outcome.content);
    if (text.includes(MASK)) continue;
    const check = await checkSuggestion({ path: finding.path, startLine, line: placed.line, text, head });
    if (check.kind === "offer") checks.set(finding, { ...check, byCoder: true });
    else log.info({ path: finding.path, reason: check.reason }, "the coder's patch was refused too");
  }
  return { checks, coder: stats };
}
