// Shared by the benches that read real history: bare mirrors as the search tool's `fetch` lays them
// out (<owner>+<name>/repo), and each fix commit's zero-context diff as pulls.listFiles-shaped files.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseGitDiff } from "./parse-git-diff.mjs";

// In bench/.mirrors (git-ignored; a symlink to wherever fetch put them) or MIRRORS.
const MIRRORS = process.env.MIRRORS ?? fileURLToPath(new URL("./.mirrors", import.meta.url));

/** `git` on one mirror; stderr ignored (a root commit has no parent, a path may not exist). */
export const git = (repo, args) => execFileSync("git", ["--git-dir", `${MIRRORS}/${repo}/repo`, ...args], { encoding: "utf8", maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "ignore"] });

/** The newest `count` non-merge commits whose message says fix/fixes/fixed, each with its -U0 diff's files. */
export function* fixCommits(repo, count) {
  const fixes = git(repo, ["log", "--no-merges", "-i", "-E", "--grep=\\bfix(e[sd])?\\b", "--format=%H", "-n", String(count), "HEAD"]).trim().split("\n").filter(Boolean);
  for (const fix of fixes) {
    let diff;
    try {
      diff = git(repo, ["diff", "-U0", "--no-renames", `${fix}^`, fix]);
    } catch {
      continue;
    }
    yield { fix, files: parseGitDiff(diff) };
  }
}
