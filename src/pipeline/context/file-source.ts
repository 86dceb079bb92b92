import type { Tree } from "web-tree-sitter";
import type { HeadFile } from "../../review/diff/head-file.js";
import { scopesAt, type Scope } from "../../review/syntax/find-scopes.js";
import { parseSource } from "../../review/syntax/syntax-parser.js";
import { indentationScopes } from "./indentation-scopes.js";

/** A head file as the context is built from it: its lines (LF) and its syntax tree when a grammar knows it. */
export interface FileSource {
  path: string;
  lines: string[];
  tree: Tree | null;
}

/** A read head file, line ends normalised and parsed: the one place a context file is read. */
export async function toFileSource(path: string, head: Extract<HeadFile, { kind: "read" }>): Promise<FileSource> {
  const text = head.text.replace(/\r\n?/g, "\n");
  return { path, lines: text.split("\n"), tree: await parseSource(path, text).catch(() => null) };
}

/** The scopes holding a line, innermost last: from the tree, or from indentation without a grammar. */
export function scopesFor(source: FileSource, line: number): Scope[] {
  return source.tree ? scopesAt(source.tree, line) : indentationScopes(source.lines, line);
}

/** One file's context lines as the prompt shows them: new-file numbers, gaps as "⋯". */
export function renderLines(source: FileSource, lines: Set<number>): string {
  const sorted = [...lines].filter((n) => n >= 1 && n <= source.lines.length).sort((a, b) => a - b);
  const width = String(sorted.at(-1) ?? 1).length;
  const out: string[] = [];
  let last = 0;
  for (const n of sorted) {
    if (last && n > last + 1) out.push(`${" ".repeat(width)} ⋯`);
    out.push(`${String(n).padStart(width)}  ${source.lines[n - 1] ?? ""}`);
    last = n;
  }
  return out.join("\n");
}
