import { parseRepoConfig, type ParsedRepoConfig } from "../settings/parse-repo-config.js";

export const REPO_CONFIG_FILE = "glm-review.yml";

/**
 * `.github/glm-review.yml` through Probot's context.config (absent file: defaults). A file that cannot
 * be read or parsed gives the defaults and a problem to show, never a crash.
 */
export async function readRepoConfig(loadConfig: (file: string) => Promise<unknown>): Promise<ParsedRepoConfig> {
  let raw: unknown;
  try {
    raw = await loadConfig(REPO_CONFIG_FILE);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reason = /invalid YAML|not an object/.test(message) ? "the file is not valid YAML" : `the file could not be read (${message.slice(0, 150)})`;
    return { config: parseRepoConfig(null).config, problems: [`${reason}; all defaults apply`] };
  }
  return parseRepoConfig(raw);
}
