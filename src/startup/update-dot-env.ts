import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

/** `KEY=value` as Probot writes it: line breaks in the value become `\n`. */
const format = (key: string, value: string) => `${key}=${value.replace(/\n/g, "\\n")}`;

/** The index just past `KEY=…` starting at `lines[i]`: a double-quoted value may run over several lines. */
function valueEnd(lines: string[], i: number): number {
  const value = (lines[i] ?? "").replace(/^[^=]*=\s*/, "");
  if (!/^["']/.test(value) || (value.length > 1 && value.trimEnd().endsWith(value[0]!))) return i + 1;
  const quote = value[0]!;
  for (let j = i + 1; j < lines.length; j++) if (lines[j]!.trimEnd().endsWith(quote)) return j + 1;
  return i + 1;
}

/**
 * Sets keys in `.env` the way a person would: each key's line is replaced where it stands, new keys are
 * appended, every other line (comments, blank lines, other settings) is kept, and the file ends with a
 * newline, so a later `echo KEY=value >> .env` starts a line of its own. Probot's own writer rewrites
 * the whole file from the parsed values, dropping comments and the final newline. The new values are
 * applied to process.env as the file will read at the next start.
 */
export function updateDotEnv(values: Record<string, string>, cwd = process.cwd()): Record<string, string> {
  const path = join(cwd, ".env");
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const lines = text === "" ? [] : text.replace(/\r?\n$/, "").split(/\r?\n/);
  for (const [key, value] of Object.entries(values)) {
    const at = lines.findIndex((line) => new RegExp(`^\\s*(export\\s+)?${key}\\s*=`).test(line));
    if (at === -1) lines.push(format(key, value));
    else lines.splice(at, valueEnd(lines, at) - at, format(key, value));
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
  const applied = parseEnv(Object.entries(values).map(([k, v]) => format(k, v)).join("\n")) as Record<string, string>;
  Object.assign(process.env, applied);
  return applied;
}
