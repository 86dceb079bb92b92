// Mutation testing of the pure core (npm run test:mutation; on demand, not in CI). Stryker 9.x: 10.x needs Node 22.
// The script sets FUZZ_RUNS=200: the property tests still run, each mutant without 3,000 runs a property.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "jest",
  testRunnerNodeArgs: ["--experimental-vm-modules"],
  jest: {
    projectType: "custom",
    configFile: "jest.config.js",
    // The suites that exercise the core directly (no processes, no Redis; the endpoint and suggestion
    // suites use nock and a loopback fake model, still in process).
    config: { testMatch: ["<rootDir>/test/{review-core,fuzz,secrets,triggers,settings-store-queue,suggestions,model-endpoints,code-context}.test.ts"] },
    enableFindRelatedTests: false,
  },
  mutate: ["src/review/**/*.ts", "src/triggers/**/*.ts", "src/settings/**/*.ts", "src/models/reasoning-params.ts", "src/models/classify-model-error.ts", "src/models/llm-provider.ts"],
  coverageAnalysis: "perTest",
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 5_000,
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  tempDirName: ".stryker-tmp",
};
