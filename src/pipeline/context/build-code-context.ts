import type { Hunk, ReviewableFile } from "../../review/diff/diff-model.js";
import { estimateTokens } from "../../review/diff/estimate-tokens.js";
import type { HeadFile } from "../../review/diff/head-file.js";
import type { CodeContext } from "../../review/prompt/code-context.js";
import { addCalledDefinitions, type HeadReader } from "./called-definitions.js";
import { renderLines, toFileSource, type FileSource } from "./file-source.js";
import { fillContextBudget } from "./fill-context-budget.js";
import { scopeTiers, type FileTiers } from "./scope-tiers.js";

export type { CodeContext } from "../../review/prompt/code-context.js";

/**
 * The code around the hunks that reached the delegate, from the head commit, in three tiers that
 * share what the cap leaves (`budgetTokens`): every hunk's enclosing scope signatures first (class,
 * then function), then each scope's body around the hunk, then the definitions its changed lines call
 * when they live in the files already read or in files those import by relative path
 * (CONTEXT_MAX_FILES). Lines the diff already shows are not repeated.
 */
export async function buildCodeContext(
  included: readonly { file: ReviewableFile; hunks: Hunk[] }[],
  read: (path: string) => Promise<HeadFile>,
  budgetTokens: number,
  render: (path: string, lines: string) => string,
  maxExtraFiles = 10,
  exists?: HeadReader["exists"],
): Promise<CodeContext> {
  const empty: CodeContext = { text: "", tokens: 0, files: 0, scopes: 0, definitions: 0, hunksWithScope: 0, unreadable: [], shown: new Map() };
  if (budgetTokens <= 0 || included.length === 0) return empty;
  const sources: FileSource[] = [];
  const unreadable: CodeContext["unreadable"] = [];
  const perFile = new Map<string, FileTiers>();
  for (const { file, hunks } of included) {
    if (file.status === "removed") continue;
    const head = await read(file.path);
    if (head.kind === "unreadable") {
      unreadable.push({ path: file.path, reason: head.reason });
      continue;
    }
    const source = await toFileSource(file.path, head);
    sources.push(source);
    perFile.set(file.path, scopeTiers(source, hunks));
  }
  await addCalledDefinitions(sources, perFile, { read, exists }, maxExtraFiles);
  const { chosen, counted } = fillContextBudget(perFile, budgetTokens, render);
  for (const s of sources) s.tree?.delete();
  const sections = [...chosen].filter(([, lines]) => lines.size > 0).map(([path, lines]) => render(path, renderLines(perFile.get(path)!.source, lines)));
  const text = sections.join("\n\n");
  return { text, tokens: estimateTokens(text), files: sections.length, ...counted, unreadable, shown: chosen };
}
