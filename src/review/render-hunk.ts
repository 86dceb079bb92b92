import type { Hunk } from "./diff-model.js";

/**
 * A hunk as the models see it: each line prefixed with its new-file line number (blank for deleted
 * lines), so the model answers with RIGHT-side numbers that placement can check.
 */
export function renderHunk(hunk: Hunk): string {
  const width = String(hunk.newStart + hunk.rightLines.length).length;
  const blank = " ".repeat(width);
  let next = hunk.newStart;
  const out = [hunk.header];
  for (const line of hunk.lines) {
    const marker = line[0];
    if (marker === "+" || marker === " ") out.push(`${String(next++).padStart(width)} ${line}`);
    else out.push(`${blank} ${line}`);
  }
  return out.join("\n");
}
