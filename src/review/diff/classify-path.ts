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

/** Test files by the naming conventions of each language's tooling (Go, Python, Ruby, Rust, Elixir, Java/Kotlin/C#). */
const TEST_FILE = /(^|\/)(test_[^/]*\.py|[^/]*_test\.(go|py|rs|exs?)|[^/]*_spec\.rb|[^/]*Tests?\.(java|kt|cs))$/;
/** Directories of tests and of code that is not the product: fixtures, test data, examples, benchmarks. */
const TEST_DIR = /(^|\/)(__tests__|tests?|spec|testdata|fixtures?|examples?|benchmarks?)\//i;

/**
 * Code before tests and examples before docs when the prompt budget forces a choice. Lower ranks first.
 * Measured with bench:szz (PRs over 24k patch tokens): telling Go, Python and Ruby tests and examples
 * from code raised defect-line recall 37% → 41%, at no cost on smaller PRs.
 */
export function reviewPriority(path: string): number {
  if (/\.(md|mdx|rst|txt|adoc)$/i.test(path) || /(^|\/)docs?\//i.test(path)) return 2;
  if (TEST_DIR.test(path) || /\.(test|spec)\.\w+$/i.test(path) || TEST_FILE.test(path)) return 1;
  return 0;
}
