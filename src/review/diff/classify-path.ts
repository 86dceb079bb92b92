import type { LeftOutReason } from "./diff-model.js";

const LOCK_FILES = new Set([
  "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb", "bun.lock",
  "Cargo.lock", "Gemfile.lock", "poetry.lock", "Pipfile.lock", "composer.lock", "go.sum", "uv.lock",
  "Podfile.lock", "pubspec.lock", "mix.lock", "flake.lock", "packages.lock.json",
]);

const GENERATED = [/\.min\.(js|css)$/i, /\.map$/i, /(^|\/)(dist|vendor|node_modules)\//, /\.(pb|generated)\.\w+$/i, /\.snap$/i];

/** Files that cost tokens and carry no reviewable logic. Null means: review it. */
export function classifyPath(path: string): LeftOutReason | null {
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (LOCK_FILES.has(base)) return "lock file";
  if (GENERATED.some((re) => re.test(path))) return "generated or minified";
  return null;
}

/** Code before docs and tests when the prompt budget forces a choice. Lower ranks first. */
export function reviewPriority(path: string): number {
  if (/\.(md|mdx|rst|txt|adoc)$/i.test(path) || /(^|\/)docs?\//i.test(path)) return 2;
  if (/(^|\/)(__tests__|tests?|spec)\/|\.(test|spec)\.\w+$/i.test(path)) return 1;
  return 0;
}
