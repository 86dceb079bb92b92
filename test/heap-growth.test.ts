import { readFileSync } from "node:fs";
import { describe, expect, it } from "@jest/globals";
import { boundHeapGrowth, HEAP_GROWING_PERCENT } from "../src/startup/bound-heap-growth.js";

describe("the heap's growth bound (issue 20: peak RSS, measured with npm run bench:rss)", () => {
  it("is set unless the process was started with its own", () => {
    // Recorded, not set: this process is a test runner's worker.
    const set: string[] = [];
    expect(HEAP_GROWING_PERCENT).toBe(30);
    expect(boundHeapGrowth(["--heap-growing-percent=80"], (f) => set.push(f))).toBe(false);
    expect(set).toEqual([]);
    expect(boundHeapGrowth(["--max-old-space-size=512"], (f) => set.push(f))).toBe(true);
    expect(set).toEqual(["--heap-growing-percent=30"]);
  });

  it("is main's first import, before any module that allocates", () => {
    const firstImport = /^import .*$/m.exec(readFileSync(new URL("../src/main.ts", import.meta.url), "utf8"))?.[0];
    expect(firstImport).toBe('import "./startup/heap-growth-first.js";');
  });
});
