import type { HeadFile } from "../../review/diff/head-file.js";
import { namedScopes, type Scope } from "../../review/syntax/find-scopes.js";
import { toFileSource, type FileSource } from "./file-source.js";
import { relativeImports } from "./relative-imports.js";
import { emptyTiers, type FileTiers } from "./scope-tiers.js";

/** Lines of a called definition shown at most. */
const DEFINITION_LINES = 20;

type Definition = { source: FileSource; scope: Scope };

/** How the head's files are read; `exists` (a directory listing) spares the reads of import paths that are not there. */
export interface HeadReader {
  read: (path: string) => Promise<HeadFile>;
  exists?: (path: string) => Promise<boolean | undefined>;
}

/**
 * Definitions of the names in `wanted` from the files each source imports by relative path, at most
 * `maxExtraFiles` reads; every file read joins `sources`, and one that defines a wanted name joins `perFile`.
 */
async function importedDefinitions(sources: FileSource[], perFile: Map<string, FileTiers>, wanted: Set<string>, files: HeadReader, maxExtraFiles: number): Promise<Definition[]> {
  const { read, exists } = files;
  const definitions: Definition[] = [];
  let extraReads = 0;
  const tried = new Set(sources.map((s) => s.path));
  for (const source of [...sources]) {
    if (wanted.size === 0) break;
    for (const candidates of relativeImports(source.path, source.lines.join("\n"))) {
      if (wanted.size === 0 || extraReads >= maxExtraFiles) break;
      for (const candidate of candidates) {
        if (tried.has(candidate) || extraReads >= maxExtraFiles) continue;
        tried.add(candidate);
        // Each guess counts against CONTEXT_MAX_FILES as before (the same files are chosen), but a directory
        // listing says which guess exists: no request is spent reading a path that is not there.
        extraReads++;
        if ((await exists?.(candidate)) === false) continue;
        const head = await read(candidate);
        if (head.kind !== "read") continue;
        const imported = await toFileSource(candidate, head);
        sources.push(imported);
        const found = imported.tree ? namedScopes(imported.tree).filter((scope) => scope.name && wanted.has(scope.name)) : [];
        for (const scope of found) {
          definitions.push({ source: imported, scope });
          wanted.delete(scope.name ?? "");
        }
        if (found.length > 0) perFile.set(candidate, emptyTiers(imported));
        break; // the first candidate that exists is the import
      }
    }
  }
  return definitions;
}

/**
 * Tier 3: definitions of what the changed lines call, found in the files read for this prompt, then in
 * the files they import by relative path; each goes to the tier of the file that holds it.
 */
export async function addCalledDefinitions(sources: FileSource[], perFile: Map<string, FileTiers>, files: HeadReader, maxExtraFiles: number): Promise<void> {
  const wanted = new Set<string>();
  for (const entry of perFile.values()) for (const name of entry.calls) wanted.add(name);
  const definitions = sources.flatMap((s) => (s.tree ? namedScopes(s.tree).map((scope) => ({ source: s, scope })) : []));
  for (const d of definitions) wanted.delete(d.scope.name ?? "");
  definitions.push(...(await importedDefinitions(sources, perFile, wanted, files, maxExtraFiles)));
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
}
