import type { Hunk, LeftOutFile, ReviewableFile } from "./diff-model.js";
import { estimateTokens, tokensWithin } from "./estimate-tokens.js";
import { reviewPriority } from "./classify-path.js";
import { compareRisk, isRiskyLine, riskOf } from "./rank-risk.js";
import { splitLargeHunk } from "./split-large-hunk.js";
import { renderHunk } from "./render-hunk.js";

export interface CompactedDiff {
  text: string;
  tokens: number;
  /** Files with at least one hunk in the text, with the hunks kept. */
  included: { file: ReviewableFile; keptHunks: number; hunks: Hunk[] }[];
  /** Files with no hunk in the text. */
  leftOut: LeftOutFile[];
  /** Files with some but not all hunks in the text. */
  partial: { path: string; keptHunks: number; totalHunks: number }[];
  /** True when unchanged context lines were shortened to make more hunks fit. */
  contextTrimmed: boolean;
}

/** Unchanged lines kept around each change when the full context does not fit. */
export const TRIMMED_CONTEXT_LINES = 1;

/**
 * No tokenizer gives a token more characters than this (o200k's longest merges of spaces and code
 * stay far below): a hunk longer than this many characters per token of room cannot fit, so it is
 * skipped without tokenizing. Anything shorter is counted by the tokenizer itself, so a hunk that
 * fits is never turned away by a guess (the old 3.2 chars/token guess lost sparse hunks that fit).
 */
const MAX_CHARS_PER_TOKEN = 64;

/**
 * A safety net on tokenizing work per packing, as a multiple of its budget: with the size check above
 * it is not reached on the bench corpus (10,448 files), but no PR can make packing unbounded.
 */
const WORK_PER_BUDGET = 200;

/** Below this many tokens left, no file header and hunk can fit: stop packing. */
const MIN_USEFUL_TOKENS = 12;

/** What is known of a hunk's size at one context setting: exact, or more than some count. */
type SizeKnowledge = { exact: number } | { moreThan: number };
const sizeCache = new WeakMap<Hunk, Map<number, SizeKnowledge>>();

/**
 * The hunk's rendered token count if it fits `room`, else false; remembers what it learns, so the
 * lead's and the delegate's packing (two passes each) tokenize a hunk at most once per room size.
 */
function hunkTokensWithin(hunk: Hunk, context: number, room: number, work: { left: number }): { text: string; tokens: number } | false {
  let known = sizeCache.get(hunk);
  if (!known) sizeCache.set(hunk, (known = new Map()));
  const k = known.get(context);
  if (k && "moreThan" in k && k.moreThan >= room) return false;
  if (k && "exact" in k && k.exact > room) return false;
  const text = renderHunk(hunk, context);
  if (k && "exact" in k) return { text, tokens: k.exact };
  if (text.length > room * MAX_CHARS_PER_TOKEN) return false;
  const tokens = tokensWithin(text, room);
  work.left -= tokens === false ? room : tokens;
  known.set(context, tokens === false ? { moreThan: room } : { exact: tokens });
  return tokens === false ? false : { text, tokens };
}

export interface CompactOptions {
  /** Paths the lead pointed at: ranked first, in the lead's order. */
  pointedPaths?: ReadonlySet<string>;
  /** New-file lines the lead pointed at (by a hunk's `@@` header or `path:line`), per path: their hunks go in first. */
  pointedLines?: ReadonlyMap<string, ReadonlySet<number>>;
}

function fileHeader(file: ReviewableFile): string {
  const from = file.previousPath && file.previousPath !== file.path ? ` from ${file.previousPath}` : "";
  return `### ${file.path} (${file.status}${from}, +${file.additions} -${file.deletions})`;
}

/**
 * Fits the diff into a token budget. Order: files the lead pointed at, then code before tests before
 * docs, then the larger change first. If not everything fits with full context, unchanged lines are
 * shortened to one around each change and the packing is tried again; then files are left out. Every
 * changed line of a hunk goes in, or none of them. Whatever does not fit is reported, never dropped silently.
 */
export function compactDiff(files: ReviewableFile[], budgetTokens: number, options: CompactOptions = {}): CompactedDiff {
  const full = pack(files, budgetTokens, options, Number.POSITIVE_INFINITY);
  if (full.leftOut.length === 0 && full.partial.length === 0) return full;
  const trimmed = pack(files, budgetTokens, options, TRIMMED_CONTEXT_LINES);
  const hunksIn = (c: CompactedDiff) => c.included.reduce((sum, i) => sum + i.keptHunks, 0);
  return hunksIn(trimmed) > hunksIn(full) ? trimmed : full;
}

/** A hunk that is worth a place before mass edits: small, or dense with control flow and error handling. */
function focused(hunk: Hunk): boolean {
  let changed = 0;
  let risky = 0;
  for (const line of hunk.lines) {
    if (line[0] !== "+" && line[0] !== "-") continue;
    changed++;
    if (isRiskyLine(line.slice(1))) risky++;
  }
  return changed <= FOCUSED_HUNK_LINES || risky / Math.max(1, changed) >= 0.2;
}

/** Changed lines up to which a hunk counts as focused whatever it holds. */
const FOCUSED_HUNK_LINES = 40;

/** The files in the order they are packed: those the lead named, then code before tests and docs, then riskier first. */
function rankFiles(files: ReviewableFile[], options: CompactOptions): ReviewableFile[] {
  const pointed = [...(options.pointedPaths ?? new Set<string>())];
  const pointedRank = (path: string) => {
    const i = pointed.indexOf(path);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const risk = new Map(files.map((f) => [f, riskOf(f)]));
  return [...files].sort(
    (a, b) =>
      pointedRank(a.path) - pointedRank(b.path) ||
      reviewPriority(a.path) - reviewPriority(b.path) ||
      compareRisk(risk.get(a)!, risk.get(b)!) ||
      a.path.localeCompare(b.path),
  );
}

type Chosen = Map<ReviewableFile, { header: string; texts: Map<Hunk, string> }>;

/** Whether the lead pointed at this hunk (or piece of one): it holds a line the lead named. */
function pointedAt(hunk: Hunk, lines: ReadonlySet<number> | undefined): boolean {
  if (!lines || lines.size === 0) return false;
  return lines.has(hunk.newStart) || hunk.rightLines.some((n) => lines.has(n));
}

type Pass = "pointed" | "focused" | "rest";

/** The pass a hunk belongs to: the lead's named hunks, then focused ones, then the rest. */
function passOf(hunk: Hunk, lines: ReadonlySet<number> | undefined): Pass {
  return pointedAt(hunk, lines) ? "pointed" : focused(hunk) ? "focused" : "rest";
}

/**
 * Three passes over the ranked files: the hunks the lead named (its triage points at hunks by their
 * `@@` header, which the ranking of whole files cannot honour when a named file is large), then focused
 * hunks (small, or dense with risky lines), then the rest (mass edits) with what is left, so one big
 * file cannot crowd out the others' focused changes.
 */
function chooseHunks(ranked: ReviewableFile[], budgetTokens: number, context: number, pointedLines?: ReadonlyMap<string, ReadonlySet<number>>): Chosen {
  const chosen: Chosen = new Map();
  let used = 0;
  const work = { left: budgetTokens * WORK_PER_BUDGET };
  for (const pass of ["pointed", "focused", "rest"] as const) {
    if (pass === "pointed" && !pointedLines?.size) continue;
    for (const file of ranked) {
      if (budgetTokens - used < MIN_USEFUL_TOKENS || work.left <= 0) break;
      let entry = chosen.get(file);
      const header = fileHeader(file);
      const headerTokens = entry ? 0 : estimateTokens(header) + 1;
      if (used + headerTokens >= budgetTokens) continue;
      let fileTokens = headerTokens;
      const texts = entry?.texts ?? new Map<Hunk, string>();
      for (const hunk of file.hunks.flatMap(splitLargeHunk)) {
        if (texts.has(hunk) || passOf(hunk, pointedLines?.get(file.path)) !== pass) continue;
        const room = budgetTokens - used - fileTokens - 1;
        const fits = hunkTokensWithin(hunk, context, room, work);
        if (fits === false) continue;
        texts.set(hunk, fits.text);
        fileTokens += fits.tokens + 1;
      }
      if (texts.size === 0) continue;
      used += fileTokens;
      if (!entry) chosen.set(file, (entry = { header, texts }));
    }
  }
  return chosen;
}

function pack(files: ReviewableFile[], budgetTokens: number, options: CompactOptions, context: number): CompactedDiff {
  const ranked = rankFiles(files, options);
  const order = new Map(files.map((f, i) => [f.path, i]));
  const chosen = chooseHunks(ranked, budgetTokens, context, options.pointedLines);
  const leftOut: LeftOutFile[] = ranked.filter((f) => !chosen.has(f)).map((f) => ({ path: f.path, reason: "over the prompt budget" }));
  const partial: CompactedDiff["partial"] = [];
  // Present files in the PR's own order, hunks in the file's: easier for the model to follow.
  const included = [...chosen]
    .sort(([a], [b]) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0))
    .map(([file, entry]) => {
      const all = file.hunks.flatMap(splitLargeHunk);
      const hunks = all.filter((h) => entry.texts.has(h));
      if (hunks.length < all.length) partial.push({ path: file.path, keptHunks: hunks.length, totalHunks: all.length });
      return { file, hunks, text: [entry.header, ...hunks.map((h) => entry.texts.get(h) ?? "")].join("\n") };
    });
  const text = included.map((i) => i.text).join("\n\n");
  return {
    text,
    tokens: estimateTokens(text),
    included: included.map((i) => ({ file: i.file, keptHunks: i.hunks.length, hunks: i.hunks })),
    leftOut,
    partial,
    contextTrimmed: Number.isFinite(context),
  };
}
