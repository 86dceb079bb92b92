import { MAX_INSTRUCTIONS_CHARS, MAX_PATH_INSTRUCTIONS, pathInstructionSchema, REPO_CONFIG_DEFAULTS, repoConfigKeySchemas, type PathInstruction, type RepoConfig } from "./repo-config-schema.js";

/** Each entry on its own: a bad one is reported and skipped, the rest apply. */
function checkPathInstructions(entries: unknown[], problems: string[]): PathInstruction[] {
  const kept: PathInstruction[] = [];
  entries.forEach((entry, i) => {
    const result = pathInstructionSchema.safeParse(entry);
    if (!result.success) problems.push(`path_instructions entry ${i + 1}: ${result.error.issues[0]?.message ?? "invalid"}; that entry is ignored`);
    else if (kept.length >= MAX_PATH_INSTRUCTIONS) problems.push(`path_instructions entry ${i + 1}: at most ${MAX_PATH_INSTRUCTIONS} entries are used; ignored`);
    else kept.push({ path: result.data.path, instructions: result.data.instructions.slice(0, MAX_INSTRUCTIONS_CHARS) });
  });
  return kept;
}

export interface ParsedRepoConfig {
  config: RepoConfig;
  /** Problems a maintainer should see in the summary comment; empty when the file is fine or absent. */
  problems: string[];
}

const KNOWN_KEYS = Object.keys(REPO_CONFIG_DEFAULTS) as (keyof RepoConfig)[];

/** Raw YAML value (already parsed) -> config. A bad key keeps its default and is reported; never throws. */
export function parseRepoConfig(raw: unknown): ParsedRepoConfig {
  if (raw === null || raw === undefined) return { config: { ...REPO_CONFIG_DEFAULTS }, problems: [] };
  if (typeof raw !== "object" || Array.isArray(raw)) {
    return { config: { ...REPO_CONFIG_DEFAULTS }, problems: ["the file is not a YAML mapping of keys to values"] };
  }
  const input = raw as Record<string, unknown>;
  const problems: string[] = [];
  const config: Record<string, unknown> = { ...REPO_CONFIG_DEFAULTS };
  for (const key of KNOWN_KEYS) {
    if (!(key in input)) continue;
    const result = repoConfigKeySchemas[key].safeParse(input[key]);
    if (result.success && key === "path_instructions") config[key] = checkPathInstructions(result.data as unknown[], problems);
    else if (result.success && key === "instructions" && (result.data as string).length > MAX_INSTRUCTIONS_CHARS) {
      config[key] = (result.data as string).slice(0, MAX_INSTRUCTIONS_CHARS);
      problems.push(`instructions has ${(result.data as string).length} characters; only the first ${MAX_INSTRUCTIONS_CHARS} are used`);
    } else if (result.success) config[key] = result.data;
    else problems.push(`${result.error.issues[0]?.message ?? `${key} is invalid`}; using the default (${JSON.stringify(REPO_CONFIG_DEFAULTS[key])})`);
  }
  for (const key of Object.keys(input)) {
    if (!KNOWN_KEYS.includes(key as keyof RepoConfig)) problems.push(`unknown key \`${key}\` is ignored`);
  }
  return { config: config as RepoConfig, problems };
}
