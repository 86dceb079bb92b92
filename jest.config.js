/** ESM + ts-jest: see ../shared/TOOLCHAIN.md. Type-checking runs separately (tsc --noEmit in npm test). */
export default {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: { "^.+\\.ts$": ["ts-jest", { useESM: true }] },
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  testTimeout: 30000,
};
