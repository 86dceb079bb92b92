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
    // One process runs every suite here (no worker recycling): secretlint's profiler leaves a PerformanceObserver per
    // module copy, which slows the later masking tests, hence the longer timeout.
    config: { testMatch: ["<rootDir>/test/{review-core,fuzz,secrets,triggers,settings-store-queue,suggestions,model-endpoints,code-context,prompts-golden,merge-gate-verdict,instruction-files}.test.ts"], testTimeout: 120_000 },
    enableFindRelatedTests: false,
  },
  // The pure modules: review/ (the shared vocabulary) and the pure parts of each stage folder (no GitHub,
  // model or store calls), the trigger and settings logic, the endpoint profiles.
  mutate: [
    "src/review/**/*.ts",
    "src/pipeline/context/{build-code-context,file-source,scope-tiers,called-definitions,fill-context-budget,indentation-scopes,relative-imports}.ts",
    "src/pipeline/delegate/{build-delegate-messages,interpret-delegate-answer,parse-delegate-answer,delegate-input-budget,lines-named-in}.ts",
    "src/pipeline/gate/check-verdict.ts",
    "src/pipeline/lead/build-lead-messages.ts",
    "src/pipeline/placement/{place-findings,fingerprint-finding}.ts",
    "src/pipeline/suggestions/{check-suggestion,describe-parse-failure,build-coder-messages}.ts",
    "src/pipeline/publish/{render-summary-comment,render-inline-comment,describe-delegate-outcome}.ts",
    "src/triggers/**/*.ts",
    "src/settings/**/*.ts",
    "src/models/{reasoning-params,classify-model-error,llm-provider,provider-error}.ts",
  ],
  // Incremental: the results of unchanged code and tests are reused, so the score can be completed across
  // sessions (a full run takes hours on 2 cores) and kept current cheaply. The file is committed.
  incremental: true,
  incrementalFile: "test/mutation/stryker-incremental.json",
  coverageAnalysis: "perTest",
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 5_000,
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  tempDirName: ".stryker-tmp",
  // Benchmark data (git mirrors, npm corpus) stays out of the sandbox.
  ignorePatterns: ["bench/.mirrors", "bench/.corpus", "lib", "reports"],
};
