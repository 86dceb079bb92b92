// ESLint keeps the code and, above all, the tests honest: a promise nobody awaits, an async matcher
// nobody awaits (its failure would surface later, blamed on no test) and a test that asserts nothing
// are errors. Size limits keep each module to one job. Runs inside `npm test`.
import jest from "eslint-plugin-jest";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["lib/**", "node_modules/**", "coverage/**", "reports/**", ".stryker-tmp/**", "bench/**", "test/fakes/**"] },
  {
    files: ["src/**/*.ts", "test/**/*.ts"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: false }],
      "@typescript-eslint/await-thenable": "error",
    },
  },
  {
    files: ["src/**/*.ts"],
    rules: {
      "max-lines": ["error", { max: 200, skipBlankLines: false, skipComments: false }],
      "max-lines-per-function": ["error", { max: 60, skipBlankLines: false, skipComments: false, IIFEs: true }],
    },
  },
  {
    files: ["test/**/*.ts"],
    plugins: { jest },
    rules: {
      "jest/valid-expect": ["error", { alwaysAwait: true }],
      "jest/expect-expect": ["error", { assertFunctionNames: ["expect", "expect*"] }],
      "jest/no-disabled-tests": "off",
      "jest/valid-title": "error",
    },
  },
);
