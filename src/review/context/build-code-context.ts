import type { Tree } from "web-tree-sitter";
import type { HeadFile } from "./head-file.js";
import type { Hunk, ReviewableFile } from "../diff/diff-model.js";
import { estimateTokens } from "../diff/estimate-tokens.js";
import { calledNames, namedScopes, scopesAt, type Scope } from "./find-scopes.js";
import { indentationScopes } from "./indentation-scopes.js";
import { parseSource } from "./syntax-parser.js";
import { relativeImports } from "./relative-imports.js";

/** Lines of a scope's body shown around a hunk at most (above and below it). */
const BODY_WINDOW = 40;
/** Lines of a called definition shown at most. */
const DEFINITION_LINES = 20;

export interface CodeContext {
  /** The section's text (masked by the caller), empty when nothing fit or nothing could be read. */
  text: string;
  tokens: number;
  files: number;
  scopes: number;
  definitions: number;
  /** Hunks whose enclosing scope was found (at least its signature is in the text). */
  hunksWithScope: number;
  unreadable: { path: string; reason: string }[];
  /** The new-file lines shown as context, by path (for measurement). */
  shown: Map<string, Set<number>>;
}

interface FileSource {
  path: string;
  lines: string[];
  tree: Tree | null;
}

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

function scopesFor(source: FileSource, line: number): Scope[] {
  return source.tree ? scopesAt(source.tree, line) : indentationScopes(source.lines, line);
}

/** One file's context lines as the prompt shows them: new-file numbers, gaps as "⋯". */
function renderLines(source: FileSource, lines: Set<number>): string {
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

/**
 * The code around the hunks that reached the delegate, from the head commit, in three tiers that
 * share what the cap leaves (`budgetTokens`): every hunk's enclosing scope signatures first (class,
 * then function), then each scope's body around the hunk, then the definitions its changed lines call
 * when they live in the files already read or in files those import by relative path (CONTEXT_MAX_FILES). Lines the diff already shows are not repeated.
 */
export async function buildCodeContext(
  included: readonly { file: ReviewableFile; hunks: Hunk[] }[],
  read: (path: string) => Promise<HeadFile>,
  budgetTokens: number,
  render: (path: string, lines: string) => string,
  maxExtraFiles = 10,
): Promise<CodeContext> {
  const empty: CodeContext = { text: "", tokens: 0, files: 0, scopes: 0, definitions: 0, hunksWithScope: 0, unreadable: [], shown: new Map() };
  if (budgetTokens <= 0 || included.length === 0) return empty;
  const sources: FileSource[] = [];
  const unreadable: CodeContext["unreadable"] = [];
  /** Per file: what the diff already shows, the lines of each tier, what its changed lines call. */
  const perFile = new Map<string, { source: FileSource; shown: Set<number>; tiers: [Set<number>, Set<number>, Set<number>]; calls: Set<string>; scopes: number; definitions: number; hunksWithScope: number }>();
  for (const { file, hunks } of included) {
    if (file.status === "removed") continue;
    const head = await read(file.path);
    if (head.kind === "unreadable") {
      unreadable.push({ path: file.path, reason: head.reason });
      continue;
    }
    const text = head.text.replace(/\r\n?/g, "\n");
    const source: FileSource = { path: file.path, lines: text.split("\n"), tree: await parseSource(file.path, text).catch(() => null) };
    sources.push(source);
    const shown = new Set<number>();
    const signatures = new Set<number>();
    const bodies = new Set<number>();
    let scopes = 0;
    let hunksWithScope = 0;
    const added = new Set<number>();
    for (const hunk of hunks) {
      const lines = hunkLines(hunk);
      lines.shown.forEach((n) => shown.add(n));
      lines.added.forEach((n) => added.add(n));
      const first = [...lines.added][0] ?? hunk.newStart;
      const chain = scopesFor(source, first);
      if (chain.length > 0) hunksWithScope++;
      for (const scope of chain) {
        signatures.add(scope.signatureLine);
        if (scope.startLine !== scope.signatureLine) signatures.add(scope.startLine);
        scopes++;
      }
      const inner = chain.at(-1);
      if (inner) {
        const last = Math.max(...lines.shown, first);
        for (let n = Math.max(inner.startLine, first - BODY_WINDOW); n <= Math.min(inner.endLine, last + BODY_WINDOW); n++) bodies.add(n);
        bodies.add(inner.endLine);
      }
    }
    const calls = source.tree ? calledNames(source.tree, added) : new Set<string>();
    perFile.set(file.path, { source, shown, tiers: [signatures, bodies, new Set()], calls, scopes, definitions: 0, hunksWithScope });
  }
  // Tier 3: definitions of what the changed lines call, found in the files read for this prompt, then
  // in the files they import by relative path (at most `maxExtraFiles` more reads).
  const wanted = new Set<string>();
  for (const entry of perFile.values()) for (const name of entry.calls) wanted.add(name);
  const definitions = sources.flatMap((s) => (s.tree ? namedScopes(s.tree).map((scope) => ({ source: s, scope })) : []));
  for (const d of definitions) wanted.delete(d.scope.name ?? "");
  let extraReads = 0;
  const tried = new Set(sources.map((s) => s.path));
  for (const source of [...sources]) {
    if (wanted.size === 0) break;
    for (const candidates of relativeImports(source.path, source.lines.join("\n"))) {
      if (wanted.size === 0 || extraReads >= maxExtraFiles) break;
      for (const candidate of candidates) {
        if (tried.has(candidate) || extraReads >= maxExtraFiles) continue;
        tried.add(candidate);
        extraReads++;
        const head = await read(candidate);
        if (head.kind !== "read") continue;
        const text = head.text.replace(/\r\n?/g, "\n");
        const imported: FileSource = { path: candidate, lines: text.split("\n"), tree: await parseSource(candidate, text).catch(() => null) };
        sources.push(imported);
        const found = imported.tree ? namedScopes(imported.tree).filter((scope) => scope.name && wanted.has(scope.name)) : [];
        for (const scope of found) {
          definitions.push({ source: imported, scope });
          wanted.delete(scope.name ?? "");
        }
        if (found.length > 0) perFile.set(candidate, { source: imported, shown: new Set(), tiers: [new Set(), new Set(), new Set()], calls: new Set(), scopes: 0, definitions: 0, hunksWithScope: 0 });
        break; // the first candidate that exists is the import
      }
    }
  }
  for (const entry of perFile.values()) {
    for (const name of entry.calls) {
      const found = definitions.find((d) => d.scope.name === name);
      if (!found) continue;
      const target = perFile.get(found.source.path);
      if (!target) continue;
      for (let n = found.scope.signatureLine; n <= Math.min(found.scope.endLine, found.scope.signatureLine + DEFINITION_LINES - 1); n++) target.tiers[2].add(n);
      target.definitions++;
    }
  }
  // Fill tier by tier, file by file, while the rendered sections stay within the budget.
  const chosen = new Map<string, Set<number>>();
  let tokens = 0;
  const counted = { scopes: 0, definitions: 0, hunksWithScope: 0 };
  for (let tier = 0; tier < 3; tier++) {
    for (const [path, entry] of perFile) {
      const lines = new Set(chosen.get(path) ?? []);
      for (const n of entry.tiers[tier as 0 | 1 | 2]) if (!entry.shown.has(n)) lines.add(n);
      if (lines.size === (chosen.get(path)?.size ?? 0)) {
        if (tier === 0 && entry.tiers[0].size > 0) counted.hunksWithScope += entry.hunksWithScope; // signatures all inside the hunk
        continue;
      }
      const before = chosen.get(path);
      const cost = estimateTokens(render(path, renderLines(entry.source, lines))) - (before ? estimateTokens(render(path, renderLines(entry.source, before))) : 0);
      if (tokens + cost > budgetTokens) continue;
      chosen.set(path, lines);
      tokens += cost;
      if (tier === 0) {
        counted.scopes += entry.scopes;
        counted.hunksWithScope += entry.hunksWithScope;
      }
      if (tier === 2) counted.definitions += entry.definitions;
    }
  }
  for (const s of sources) s.tree?.delete();
  const sections = [...chosen].filter(([, lines]) => lines.size > 0).map(([path, lines]) => render(path, renderLines(perFile.get(path)!.source, lines)));
  const text = sections.join("\n\n");
  return { text, tokens: estimateTokens(text), files: sections.length, ...counted, unreadable, shown: chosen };
}
