import type { Scope } from "../../review/syntax/find-scopes.js";

const indentOf = (line: string) => /^[ \t]*/.exec(line)?.[0].replace(/\t/g, "    ").length ?? 0;
const blank = (line: string) => line.trim() === "";
// Lines that close a block or continue an expression are not headers.
const NOT_HEADER = /^\s*([)}\]]|else\b|elif\b|except\b|catch\b|finally\b|end\b|#|\/\/|\*)/;

/**
 * For languages no grammar knows: the nearest less-indented line above `line` is taken as the header
 * of its block, the block running until indentation returns to the header's level. Outermost first.
 */
export function indentationScopes(lines: readonly string[], line: number): Scope[] {
  const chain: Scope[] = [];
  let index = Math.min(lines.length, Math.max(1, line)) - 1;
  while (index >= 0 && blank(lines[index] ?? "")) index--;
  if (index < 0) return chain;
  let level = indentOf(lines[index] ?? "");
  for (let i = index - 1; i >= 0 && level > 0; i--) {
    const text = lines[i] ?? "";
    if (blank(text) || NOT_HEADER.test(text)) continue;
    const indent = indentOf(text);
    if (indent >= level) continue;
    let end = i + 1;
    while (end < lines.length && (blank(lines[end] ?? "") || indentOf(lines[end] ?? "") > indent)) end++;
    chain.unshift({ startLine: i + 1, endLine: Math.min(lines.length, end + (end < lines.length && /^\s*[)}\]]|^\s*end\b/.test(lines[end] ?? "") ? 1 : 0)), signatureLine: i + 1, name: undefined });
    level = indent;
  }
  return chain;
}
