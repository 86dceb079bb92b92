import type { LeftOutFile, ReviewableFile } from "./diff-model.js";
import { estimateTokens } from "./estimate-tokens.js";
import { reviewPriority } from "./classify-path.js";
import { renderHunk } from "./render-hunk.js";

export interface CompactedDiff {
  text: string;
  tokens: number;
  /** Files with at least one hunk in the text, with the hunks kept. */
  included: { file: ReviewableFile; keptHunks: number }[];
  /** Files with no hunk in the text. */
  leftOut: LeftOutFile[];
  /** Files with some but not all hunks in the text. */
  partial: { path: string; keptHunks: number; totalHunks: number }[];
  /** True when unchanged context lines were shortened to make more hunks fit. */
  contextTrimmed: boolean;
}

/** Unchanged lines kept around each change when the full context does not fit. */
export const TRIMMED_CONTEXT_LINES = 1;

export interface CompactOptions {
  /** Paths the lead pointed at: ranked first. */
  pointedPaths?: ReadonlySet<string>;
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

function pack(files: ReviewableFile[], budgetTokens: number, options: CompactOptions, context: number): CompactedDiff {
  const pointed = options.pointedPaths ?? new Set<string>();
  const ranked = [...files].sort(
    (a, b) =>
      Number(pointed.has(b.path)) - Number(pointed.has(a.path)) ||
      reviewPriority(a.path) - reviewPriority(b.path) ||
      b.additions + b.deletions - (a.additions + a.deletions) ||
      a.path.localeCompare(b.path),
  );
  const order = new Map(files.map((f, i) => [f.path, i]));
  const chosen: { file: ReviewableFile; parts: string[]; kept: number }[] = [];
  const leftOut: LeftOutFile[] = [];
  const partial: CompactedDiff["partial"] = [];
  let used = 0;
  for (const file of ranked) {
    const header = fileHeader(file);
    const headerTokens = estimateTokens(header) + 1;
    if (used + headerTokens >= budgetTokens) {
      leftOut.push({ path: file.path, reason: "over the prompt budget" });
      continue;
    }
    const parts: string[] = [];
    let fileTokens = headerTokens;
    for (const hunk of file.hunks) {
      const text = renderHunk(hunk, context);
      const cost = estimateTokens(text) + 1;
      if (used + fileTokens + cost > budgetTokens) continue;
      parts.push(text);
      fileTokens += cost;
    }
    if (parts.length === 0) {
      leftOut.push({ path: file.path, reason: "over the prompt budget" });
      continue;
    }
    used += fileTokens;
    chosen.push({ file, parts: [header, ...parts], kept: parts.length });
    if (parts.length < file.hunks.length) {
      partial.push({ path: file.path, keptHunks: parts.length, totalHunks: file.hunks.length });
    }
  }
  // Present files in the PR's own order: easier for the model to follow.
  chosen.sort((a, b) => (order.get(a.file.path) ?? 0) - (order.get(b.file.path) ?? 0));
  const text = chosen.map((c) => c.parts.join("\n")).join("\n\n");
  return {
    text,
    tokens: estimateTokens(text),
    included: chosen.map((c) => ({ file: c.file, keptHunks: c.kept })),
    leftOut,
    partial,
    contextTrimmed: Number.isFinite(context),
  };
}
