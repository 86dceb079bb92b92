/** ESM + ts-jest (isolatedModules). Type-checking runs separately (tsc --noEmit in npm test). */
export default {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: { "^.+\\.ts$": ["ts-jest", { useESM: true }] },
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  // The bench corpus holds unpacked npm packages: keep them out of Jest's module map.
  roots: ["<rootDir>/src", "<rootDir>/test"],
  modulePathIgnorePatterns: ["<rootDir>/bench/.corpus/", "<rootDir>/lib/"],
  testTimeout: 30000,
  // Four workers on two cores: most suites wait on real processes, timers and Probot's write throttling, not
  // the CPU (measured on this 2-core machine: the whole suite 348 s of wall time with 2 workers, 242 s with 4,
  // 1.5 cores busy on average). A worker is recycled once
  // past 300 MB, which is after most suites: every suite loads its own copy of the modules, and
  // secretlint's profiler registers a PerformanceObserver per copy that is never disconnected, so in one
  // long-lived process every later secretlint run fed all the earlier observers (a property test that
  // takes 1 s alone took over 30 s late in the run).
  maxWorkers: 4,
  workerIdleMemoryLimit: "300MB",
};
