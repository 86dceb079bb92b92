import { listDefaultBranchTree, readDefaultBranchFile } from "../../github/default-branch-files.js";
import { describeGitHubError } from "../../github/github-client.js";
import { composeInstructionFiles, findInstructionSources, isInstructionPath } from "../../review/prompt/instruction-files.js";
import { codeSpan } from "../../review/text/sanitize-model-text.js";
import type { PullRequestSnapshot } from "../read/read-pull-request.js";
import type { ReviewRun } from "../services/review-run.js";

/**
 * The instruction files' share of the prompts, in characters (about 1,500 tokens): a quarter of the
 * delegate's floor and under half the lead's cap, so the diff keeps most of both, and more than the
 * 4,000 characters Copilot stops at, spent on the sections that concern this PR's files.
 */
export const INSTRUCTION_FILES_MAX_CHARS = 6_000;
/** Files read at most per review: one request each, after the one tree read. */
const MAX_FILES_READ = 12;
/**
 * A big repository's recursive tree is megabytes: it is read once per repository and branch in this long
 * (per app instance), and only the paths of instruction files are kept from it.
 */
const TREE_TTL_MS = 10 * 60_000;
const trees = new WeakMap<object, Map<string, { at: number; paths: string[]; truncated: boolean }>>();

async function instructionPaths(run: ReviewRun, branch: string): Promise<{ paths: string[]; truncated: boolean }> {
  let cache = trees.get(run.services);
  if (!cache) trees.set(run.services, (cache = new Map()));
  const key = `${run.ref.owner}/${run.ref.repo}@${branch}`.toLowerCase();
  const now = run.services.now().getTime();
  const hit = cache.get(key);
  if (hit && now - hit.at < TREE_TTL_MS) return hit;
  const tree = await listDefaultBranchTree(run.octokit, run.ref, branch);
  const kept = { at: now, paths: tree.paths.filter(isInstructionPath), truncated: tree.truncated };
  cache.set(key, kept);
  return kept;
}

/**
 * Stage 1b, instructions: AGENTS.md (nearest up from each changed file), CLAUDE.md,
 * `.github/copilot-instructions.md` and `.github/instructions/*.instructions.md` (their `applyTo`), read
 * from the default branch like the configuration (a PR cannot rewrite its own rules), after the
 * configuration's own `instructions` and `path_instructions`. `instruction_files: false` turns this off.
 * A failed read leaves the configuration's instructions alone and is said.
 */
export async function readInstructionFiles(run: ReviewRun, snapshot: PullRequestSnapshot): Promise<{ run: ReviewRun; note: string | null }> {
  const { config } = run.repoConfig;
  const branch = snapshot.pr.defaultBranch;
  if (!config.instruction_files || !branch) return { run, note: null };
  const changed = snapshot.files.map((f) => f.filename);
  try {
    const tree = await instructionPaths(run, branch);
    const sources = findInstructionSources(tree.paths, changed).slice(0, MAX_FILES_READ);
    // Read together: this stage runs before the lead, whose summary reaches the PR first.
    const texts = await Promise.all(sources.map((source) => readDefaultBranchFile(run.octokit, run.ref, source.path)));
    const files = sources.flatMap((source, i) => (texts[i] != null ? [{ ...source, text: texts[i] }] : []));
    const composed = composeInstructionFiles(files, changed, INSTRUCTION_FILES_MAX_CHARS);
    if (composed.used.length === 0) return { run, note: null };
    const instructions = [config.instructions.trim(), composed.instructions.general].filter(Boolean).join("\n\n");
    const merged = { ...run.repoConfig, config: { ...config, instructions, path_instructions: [...config.path_instructions, ...composed.instructions.paths] } };
    const cut = composed.cut.length > 0 ? `; cut to their share of the prompt: ${composed.cut.map(codeSpan).join(", ")}` : "";
    run.log.info({ used: composed.used, cut: composed.cut, truncatedTree: tree.truncated }, "instruction files read");
    return { run: { ...run, repoConfig: merged }, note: `Instructions also read from ${composed.used.map(codeSpan).join(", ")}${cut}.` };
  } catch (error) {
    run.log.warn({ err: describeGitHubError(error) }, "could not read the instruction files; the configuration's instructions apply alone");
    return { run, note: `The instruction files (AGENTS.md and the like) could not be read (${describeGitHubError(error)}); the configuration's instructions applied alone.` };
  }
}
