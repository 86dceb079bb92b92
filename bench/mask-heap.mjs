// Heap after a full GC while masking runs repeatedly (issue: secretlint's profiler kept every mark).
// Run: npm run build && node --expose-gc bench/mask-heap.mjs [calls]
import { performance } from "node:perf_hooks";
import { maskSecretsInText } from "../lib/review/secrets/mask-secrets.js";

const calls = Number(process.argv[2] ?? 10_000);
const text = Array.from({ length: 40 }, (_, i) => `const value${i} = compute(${i}); // line ${i}`).join("\n") + '\nconst api_key = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";\n';
const heapMb = () => {
  globalThis.gc();
  return process.memoryUsage().heapUsed / 1e6;
};
if (typeof globalThis.gc !== "function") throw new Error("run with node --expose-gc");
await maskSecretsInText(text); // warm-up: rules loaded, JIT settled
const rows = [];
const start = heapMb();
let t0 = performance.now();
for (let i = 1; i <= calls; i++) {
  await maskSecretsInText(text);
  if (i % (calls / 10) === 0) {
    const now = performance.now();
    rows.push({ calls: i, heapAfterGcMb: heapMb().toFixed(1), msPerCall: ((now - t0) / (calls / 10)).toFixed(2), marks: performance.getEntriesByType("mark").length });
    t0 = performance.now();
  }
}
console.log(`heap after GC at start: ${start.toFixed(1)} MB`);
console.table(rows);
