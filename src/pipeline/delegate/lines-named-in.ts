import type { DiffModel } from "../../review/diff/diff-model.js";

/** A hunk's header as the lead was shown it: its new-file start is the line it points at. */
const HUNK_HEADER = /@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/g;
/** `path:123` or `path#L123`, the other way a note names a line. */
const PATH_LINE = /^(?::|#L)(\d+)/;

/**
 * New-file lines the lead's notes point at, per path: each `@@ … +N … @@` header written after a path's
 * mention (and before the next path's), and `path:N`. The delegate's packing puts those hunks first, so a
 * hunk the lead named in a large file is not lost behind the file's other changes.
 */
export function linesNamedIn(notes: string | null, diff: DiffModel): Map<string, Set<number>> {
  const named = new Map<string, Set<number>>();
  if (!notes) return named;
  // Every mention of every path, in the order they appear (a longer path first where two start together).
  const mentions: { path: string; at: number; end: number }[] = [];
  for (const { path } of diff.files) {
    for (let at = notes.indexOf(path); at >= 0; at = notes.indexOf(path, at + 1)) mentions.push({ path, at, end: at + path.length });
  }
  mentions.sort((a, b) => a.at - b.at || b.end - a.end);
  const add = (path: string, line: number) => {
    let lines = named.get(path);
    if (!lines) named.set(path, (lines = new Set()));
    lines.add(line);
  };
  // A shorter path inside a longer one's mention ("a.ts" in "src/a.ts") is not a mention of its own.
  const kept: typeof mentions = [];
  for (const m of mentions) if (m.at >= (kept.at(-1)?.end ?? 0)) kept.push(m);
  for (const [i, m] of kept.entries()) {
    const next = kept[i + 1]?.at ?? notes.length;
    const direct = PATH_LINE.exec(notes.slice(m.end, m.end + 12));
    if (direct) add(m.path, Number(direct[1]));
    for (const h of notes.slice(m.end, next).matchAll(HUNK_HEADER)) add(m.path, Number(h[1]));
  }
  return named;
}
