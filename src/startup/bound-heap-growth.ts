import { setFlagsFromString } from "node:v8";

/**
 * How far V8 lets the heap grow past what survived the last full collection, in percent. Left to itself
 * V8 grows it by up to 4× when the process allocates fast, and a review allocates fast (diffs, prompts,
 * tokenizing) while keeping little: over 300 real PRs with REVIEW_CONCURRENCY=6 (`npm run bench:rss`) the
 * heap reached 294 MB with 106 MB in use, and RSS 425 MB. At 30% the heap peaked at 138 MB and RSS at
 * 263 MB, for a few percent more time collecting.
 */
export const HEAP_GROWING_PERCENT = 30;

/**
 * Sets the growth bound unless the process was started with its own (`node --heap-growing-percent=…`;
 * V8 flags are not allowed in NODE_OPTIONS). Imported first by main, before the heap grows; V8 reads the
 * flag at each full collection, so setting it at run time takes effect.
 */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((a) => a.startsWith("--heap-growing-percent"))) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
