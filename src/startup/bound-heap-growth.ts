import { setFlagsFromString } from "node:v8";

/**
 * How far V8 lets the heap grow past what survived the last full collection, in percent. Left to itself
 * V8 grows it by up to 4× when the process allocates fast, and a review allocates fast (diffs, prompts,
 * tokenizing) while keeping little: over 915 real PRs in a row with REVIEW_CONCURRENCY=6 (`npm run bench:rss`)
 * the heap reached 279 MB with 86 MB in use, and RSS peaked at 465-486 MB. At 30% the heap stays near 170 MB
 * and RSS peaks at 319 MB, for a few percent more time collecting (docs/architecture.md, "Memory").
 */
export const HEAP_GROWING_PERCENT = 30;

/**
 * Sets the growth bound unless the process was started with its own (`node --heap-growing-percent=…`;
 * NODE_OPTIONS refuses this V8 flag). Imported first by main, before the heap grows; V8 reads the
 * flag at each full collection, so setting it at run time takes effect. Tests pass their own `setFlags`: a
 * test runner's worker holds every suite it ran, and a tight bound there turns into constant full collections.
 */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv, setFlags: (flags: string) => void = setFlagsFromString): boolean {
  if (execArgv.some((a) => a.startsWith("--heap-growing-percent"))) return false;
  setFlags(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
