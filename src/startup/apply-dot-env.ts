import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

/**
 * `.env` into process.env exactly as Probot's run() does (its values win), so that the start checks
 * see what the app will run with. A missing file is fine.
 */
export function applyDotEnv(cwd = process.cwd()): void {
  let text: string;
  try {
    text = readFileSync(join(cwd, ".env"), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  Object.assign(process.env, parseEnv(text));
}
