import { REPO_CONFIG_DEFAULTS, repoConfigKeySchemas, type RepoConfig } from "./repo-config-schema.js";

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
    if (result.success) config[key] = result.data;
    else problems.push(`${result.error.issues[0]?.message ?? `${key} is invalid`}; using the default (${JSON.stringify(REPO_CONFIG_DEFAULTS[key])})`);
  }
  for (const key of Object.keys(input)) {
    if (!KNOWN_KEYS.includes(key as keyof RepoConfig)) problems.push(`unknown key \`${key}\` is ignored`);
  }
  return { config: config as RepoConfig, problems };
}
