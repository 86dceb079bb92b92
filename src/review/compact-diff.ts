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
}

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
 * docs, then the larger change first; each hunk goes in whole or not at all, so every line a finding
 * can land on is shown with its context. Whatever does not fit is reported, never silently dropped.
 */
export function compactDiff(files: ReviewableFile[], budgetTokens: number, options: CompactOptions = {}): CompactedDiff {
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
      const text = renderHunk(hunk);
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
  };
}
