// The bench corpus: real diffs nobody here wrote. Pairs of published npm package versions
// (`npm pack`, then `git diff --no-index`), and one lock-file diff from two real installs.
// Downloads into bench/.corpus (git-ignored) once; later runs reuse it.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const CACHE = fileURLToPath(new URL("./.corpus/", import.meta.url));

export const PAIRS = [
  { name: "ms", from: "2.1.2", to: "2.1.3" },
  { name: "lodash", from: "4.17.20", to: "4.17.21" },
  { name: "semver", from: "7.5.4", to: "7.6.0" },
  { name: "express", from: "4.18.2", to: "4.19.2" },
  { name: "date-fns", from: "2.30.0", to: "3.6.0" },
  { name: "rxjs", from: "6.6.7", to: "7.8.1" },
];

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "pipe"] });

function unpack(name, version, into) {
  mkdirSync(into, { recursive: true });
  const tgz = run("npm", ["pack", `${name}@${version}`, "--silent", "--pack-destination", into], into).trim().split("\n").at(-1);
  run("tar", ["-xzf", tgz], into);
  return join(into, "package");
}

/** `git diff --no-index` exits 1 when the trees differ: that is the normal case here. */
function gitDiff(cwd, a, b) {
  try {
    return run("git", ["diff", "--no-index", "--no-color", "--no-renames", a, b], cwd);
  } catch (error) {
    if (error.status === 1) return error.stdout;
    throw error;
  }
}

export function packageDiff({ name, from, to }) {
  const dir = join(CACHE, `${name.replace("/", "_")}-${from}-${to}`);
  const out = join(dir, "diff.patch");
  if (!existsSync(out)) {
    unpack(name, from, join(dir, "old"));
    unpack(name, to, join(dir, "new"));
    writeFileSync(out, gitDiff(dir, "old/package", "new/package"));
  }
  return { label: `${name} ${from} → ${to}`, text: readFileSync(out, "utf8"), strip: ["old/package/", "new/package/"] };
}

/** A package-lock.json change from two real dependency sets (what a Dependabot-style PR carries). */
export function lockFileDiff() {
  const dir = join(CACHE, "lockfile");
  const out = join(dir, "diff.patch");
  if (!existsSync(out)) {
    for (const [side, deps] of [["old", { express: "4.18.2", jest: "29.0.0" }], ["new", { express: "4.19.2", jest: "29.7.0" }]]) {
      mkdirSync(join(dir, side), { recursive: true });
      writeFileSync(join(dir, side, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", private: true, dependencies: deps }, null, 2));
      run("npm", ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund", "--silent"], join(dir, side));
      // A small code change beside the lock file, as in a real upgrade PR.
      mkdirSync(join(dir, side, "src"), { recursive: true });
      writeFileSync(join(dir, side, "src", "server.js"), side === "old"
        ? "const express = require('express');\nconst app = express();\napp.listen(3000);\n"
        : "const express = require('express');\nconst app = express();\napp.disable('x-powered-by');\napp.listen(process.env.PORT || 3000);\n");
    }
    writeFileSync(out, gitDiff(dir, "old", "new"));
  }
  return { label: "package-lock.json upgrade (express, jest)", text: readFileSync(out, "utf8"), strip: ["old/", "new/"] };
}
