import type { Hunk } from "../../review/diff/diff-model.js";
import { calledNames } from "../../review/syntax/find-scopes.js";
import { scopesFor, type FileSource } from "./file-source.js";

/** Lines of a scope's body shown around a hunk at most (above and below it). */
const BODY_WINDOW = 40;

/** One file's share of the context: what the diff shows, the lines of each tier, what its changed lines call. */
export interface FileTiers {
  source: FileSource;
  shown: Set<number>;
  /** Enclosing scope signatures, scope bodies around the hunks, called definitions. */
  tiers: [Set<number>, Set<number>, Set<number>];
  calls: Set<string>;
  scopes: number;
  definitions: number;
  hunksWithScope: number;
}

export const emptyTiers = (source: FileSource): FileTiers => ({ source, shown: new Set(), tiers: [new Set(), new Set(), new Set()], calls: new Set(), scopes: 0, definitions: 0, hunksWithScope: 0 });

/** The new-file lines a hunk shows (they need no repeating), and its changed lines. */
function hunkLines(hunk: Hunk): { shown: Set<number>; added: Set<number> } {
  const shown = new Set<number>();
  const added = new Set<number>();
  let next = hunk.newStart;
  for (const line of hunk.lines) {
    if (line[0] === "+" || line[0] === " ") {
      shown.add(next);
      if (line[0] === "+") added.add(next);
      next++;
    }
  }
  return { shown, added };
}

/** Tiers 1 and 2 of a file with hunks: each hunk's enclosing scopes (signatures), then its innermost body around it. */
export function scopeTiers(source: FileSource, hunks: readonly Hunk[]): FileTiers {
  const entry = emptyTiers(source);
  const [signatures, bodies] = entry.tiers;
  const added = new Set<number>();
  for (const hunk of hunks) {
    const lines = hunkLines(hunk);
    lines.shown.forEach((n) => entry.shown.add(n));
    lines.added.forEach((n) => added.add(n));
    const first = [...lines.added][0] ?? hunk.newStart;
    const chain = scopesFor(source, first);
    if (chain.length > 0) entry.hunksWithScope++;
    for (const scope of chain) {
      signatures.add(scope.signatureLine);
      if (scope.startLine !== scope.signatureLine) signatures.add(scope.startLine);
      entry.scopes++;
    }
    const inner = chain.at(-1);
    if (inner) {
      const last = Math.max(...lines.shown, first);
      for (let n = Math.max(inner.startLine, first - BODY_WINDOW); n <= Math.min(inner.endLine, last + BODY_WINDOW); n++) bodies.add(n);
      bodies.add(inner.endLine);
    }
  }
  entry.calls = source.tree ? calledNames(source.tree, added) : new Set<string>();
  return entry;
}
