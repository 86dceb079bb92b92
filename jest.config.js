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
};
