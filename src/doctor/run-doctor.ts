import { loadSettings, SettingsError } from "../settings/load-settings.js";
import { describeSettings } from "../settings/describe-settings.js";
import type { Settings } from "../settings/settings-schema.js";
import { checkGitHubApp, checkSecret, checkSettingsTargets, type CheckResult } from "./doctor-checks.js";

/** Anything the app holds as a secret is cut out of a line before it is printed. */
function redact(line: string, secrets: string[]): string {
  return secrets.reduce((text, secret) => (secret.length >= 6 ? text.split(secret).join("***") : text), line);
}

/**
 * `npm run doctor`: every check on one line with ✓, ⚠ (passes, but not fit for a server) or ✗ and the fix, in order; returns the exit code
 * (0 only when every check passed). Never prints a key: the lines name variables and hosts.
 */
export async function runDoctor(env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  const results: CheckResult[] = [];
  let settings: Settings | undefined;
  try {
    settings = loadSettings(env);
    results.push({ ok: true, line: `settings: loaded${settings.warnings.length > 0 ? ` with ${settings.warnings.length} warning(s)` : ""}` });
  } catch (error) {
    const problems = error instanceof SettingsError ? error.problems : [error instanceof Error ? error.message : String(error)];
    for (const problem of problems) results.push({ ok: false, line: `settings: ${problem}` });
  }
  const secrets = [...(settings?.ownSecrets ?? []), env.PRIVATE_KEY ?? "", env.WEBHOOK_SECRET ?? "", env.LLM_API_KEY ?? "", env.CLOUDFLARE_API_TOKEN ?? ""];
  const show = (r: CheckResult) => print(redact(`${r.ok ? (r.warn ? "⚠" : "✓") : "✗"} ${r.line}`, secrets));
  results.forEach(show);
  if (settings) {
    for (const warning of settings.warnings) print(redact(`  ! ${warning}`, secrets));
    for (const line of describeSettings(settings)) print(redact(`  · ${line}`, secrets));
  }
  const more = [checkSecret(env), await checkGitHubApp(env, settings?.githubRequestTimeoutMs ?? 30_000), ...(settings ? await checkSettingsTargets(settings) : [])];
  more.forEach(show);
  results.push(...more);
  const failed = results.filter((r) => !r.ok).length;
  print(failed === 0 ? "All checks passed." : `${failed} check${failed === 1 ? "" : "s"} failed.`);
  return failed === 0 ? 0 : 1;
}
