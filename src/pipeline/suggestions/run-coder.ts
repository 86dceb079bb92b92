import type { HeadFiles } from "../../github/head-files.js";
import type { Finding } from "../../review/answer/delegate-answer-schema.js";
import type { DiffMasker } from "../../review/secrets/diff-masker.js";
import { MASK } from "../../review/secrets/mask-secrets.js";
import { scopeWindow } from "../../review/syntax/scope-window.js";
import type { InlineFinding } from "../placement/place-findings.js";
import { countUsage } from "../services/count-usage.js";
import type { ReviewLogger, ReviewServices } from "../services/review-services.js";
import { buildCoderMessages, replacementFromAnswer } from "./build-coder-messages.js";
import { checkSuggestion, type CheckedSuggestion } from "./check-suggestion.js";

export interface CoderStats {
  calls: number;
  tokens: number;
  usd: number | null;
}

/**
 * Rendered hunks ran 2.3-4.3 characters a token on the cost bench's corpus (docs/architecture.md): two
 * characters per token of the coder's input cap keeps the code around the range within it.
 */
const CHARS_PER_TOKEN_FLOOR = 2;

type Deps = { headFiles: Pick<HeadFiles, "read">; masker: DiffMasker; services: ReviewServices; log: ReviewLogger };

/** One coder call for one finding; the patch when it passed the check, null otherwise. */
async function patchFor(placed: InlineFinding, earlier: CheckedSuggestion | undefined, stats: CoderStats, deps: Deps): Promise<CheckedSuggestion | null> {
  const { finding } = placed;
  const { services, log } = deps;
  const coder = services.coder!;
  const settings = services.settings.coder!;
  const startLine = placed.startLine ?? placed.line;
  const head = await deps.headFiles.read(finding.path);
  if (head.kind === "unreadable") return null;
  const masked = (await deps.masker.maskText(head.text)).split(/\r?\n/);
  const range = masked.slice(startLine - 1, placed.line);
  if (range.length === 0 || range.some((l) => l.includes(MASK))) return null; // a patch over a masked value cannot be offered
  const context = await scopeWindow(finding.path, masked.join("\n"), startLine, placed.line);
  const messages = buildCoderMessages({ finding, range, startLine, around: context.lines, aroundStart: context.start, rejected: earlier?.kind === "reject" ? earlier.reason : null, maxChars: settings.inputTokens * CHARS_PER_TOKEN_FLOOR });
  stats.calls++;
  const outcome = await coder.complete(messages);
  if (outcome.kind !== "answered") {
    log.warn({ path: finding.path, outcome: outcome.kind }, "coder gave no patch; the finding stays as text");
    return null;
  }
  if (outcome.usage) {
    const usd = countUsage(services, "coder", outcome.usage, settings.prices);
    stats.tokens += outcome.usage.total;
    if (stats.usd !== null && usd !== null) stats.usd += usd;
  }
  // A cut answer, or an empty one without a code block, is no patch (an empty block is a deletion).
  if (outcome.finishReason === "length" || (!outcome.content.includes("```") && !outcome.content.trim())) return null;
  const text = replacementFromAnswer(outcome.content);
  if (text.includes(MASK)) return null;
  const check = await checkSuggestion({ path: finding.path, startLine, line: placed.line, text, head });
  if (check.kind === "offer") return { ...check, byCoder: true };
  log.info({ path: finding.path, reason: check.reason }, "the coder's patch was refused too");
  return null;
}

/**
 * The narrow coder (a cheap model on the lead's endpoint, never the delegate): most severe first and at
 * most CODER_MAX_CALLS times, it writes the patch a finding lacks or whose patch was refused; that patch
 * is checked like the delegate's. A coder that fails or times out leaves the finding as text.
 */
export async function runCoder(wanting: InlineFinding[], checks: Map<Finding, CheckedSuggestion>, deps: Deps): Promise<CoderStats> {
  const settings = deps.services.settings.coder;
  const stats: CoderStats = { calls: 0, tokens: 0, usd: settings?.prices ? 0 : null };
  if (!deps.services.coder || !settings) return stats;
  for (const placed of wanting) {
    if (stats.calls >= settings.maxCalls) break;
    const patch = await patchFor(placed, checks.get(placed.finding), stats, deps);
    if (patch) checks.set(placed.finding, patch);
  }
  return stats;
}
