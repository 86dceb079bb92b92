import { scopesAt } from "./find-scopes.js";
import { parseSource } from "./syntax-parser.js";

/** Lines of code around a range shown at most. */
const WINDOW_MAX_LINES = 120;

/**
 * The lines around `startLine..line` of a file: its innermost enclosing scope when a grammar finds
 * one and it is not too long, else a window of lines around the range (15, or 50 for a long scope).
 */
export async function scopeWindow(path: string, text: string, startLine: number, line: number): Promise<{ lines: string[]; start: number }> {
  const all = text.split(/\r?\n/);
  const tree = await parseSource(path, all.join("\n")).catch(() => null);
  const scope = tree ? scopesAt(tree, startLine).at(-1) : undefined;
  tree?.delete();
  let from = scope ? scope.startLine : startLine - 15;
  let to = scope ? scope.endLine : line + 15;
  if (to - from + 1 > WINDOW_MAX_LINES) [from, to] = [Math.max(from, startLine - 50), Math.min(to, line + 50)];
  from = Math.max(1, from);
  to = Math.min(all.length, to);
  return { lines: all.slice(from - 1, to), start: from };
}
