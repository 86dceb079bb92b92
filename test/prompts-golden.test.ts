import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "@jest/globals";
import { completion, startFakeModel } from "./fakes/fake-model.mjs";
import { mockInstallationAndConfig, mockPullRequestRead, mockReviewCreate, mockSummaryWrites } from "./helpers/github-mock.js";
import { useMockedWorld } from "./helpers/mocked-world.js";

/**
 * Every prompt the app sends, byte for byte, for a few PRs that reach every prompt part: the lead's
 * summary and its triage chunks, the delegate's prompt with code context, repository instructions
 * and path instructions, masked secrets, and the coder's. A refactoring must leave them identical;
 * a change meant to alter a prompt regenerates the file (`UPDATE_GOLDEN=1`) and shows in the diff.
 */
const GOLDEN = new URL("./fixtures/prompts.golden.json", import.meta.url);

const CONFIG = [
  "instructions: |",
  "  Money is integer cents; flag float arithmetic on prices.",
  "path_instructions:",
  '  - path: "src/**"',
  "    instructions: Every exported function documents its units.",
  '  - path: "docs/**"',
  "    instructions: Never shown, no file under review matches.",
].join("\n");

const price = ['import { round } from "./round";', "", "export function price(amount: number, rate: number): number {", "  const taxed = amount * (1 + rate);", "  return round(taxed, 2);", "}", ""].join("\n");
const round = ["export function round(value: number, digits: number): number {", "  const factor = 10 ** digits;", "  return Math.floor(value * factor) / factor;", "}", ""].join("\n");
const PRICE_FILE = { filename: "src/price.ts", status: "modified", additions: 2, deletions: 1, changes: 3, patch: "@@ -3,4 +3,5 @@ export function price(\n export function price(amount: number, rate: number): number {\n   const taxed = amount * (1 + rate);\n-  return taxed;\n+  const key = \"AKIAIOSFODNN7EXAMPLE\";\n+  return round(taxed, 2);\n }" };
const py = ["def settle(total, paid):", "    if paid > total:", "        return paid - total", "    return 0", ""].join("\n");
const PY_FILE = { filename: "app/settle.py", status: "modified", additions: 1, deletions: 1, changes: 2, patch: "@@ -2,3 +2,3 @@ def settle(total, paid):\n     if paid > total:\n-        return paid - total\n+        return total - paid\n     return 0" };

/** A PR far over the delegate's cap: 40 files of 30 changed lines each. */
function bigPr() {
  return Array.from({ length: 40 }, (_, i) => {
    const lines = Array.from({ length: 30 }, (_, k) => `+export const v${i}_${k} = compute(${i}, ${k}) ${k % 5 === 0 ? "?? fallback()" : "+ 1"};`);
    return { filename: `src/mod${String(i).padStart(2, "0")}.ts`, status: "added", additions: 30, deletions: 0, changes: 30, patch: `@@ -0,0 +1,30 @@\n${lines.join("\n")}` };
  });
}

const DELEGATE_ANSWER = JSON.stringify({
  summary: "Two findings.",
  findings: [
    { path: "src/price.ts", line: 4, severity: "high", title: "Hard-coded key", root_cause: "A credential in code." },
    { path: "app/settle.py", line: 3, severity: "medium", title: "Sign flipped", root_cause: "Returns a negative change.", suggestion: "        return paid - total" },
  ],
});

describe("prompts, byte for byte", () => {
  const world = useMockedWorld();
  let model: Awaited<ReturnType<typeof startFakeModel>> | undefined;
  afterEach(async () => {
    await model?.close();
    model = undefined;
  });

  async function promptsOf(files: unknown[], contents: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
    mockInstallationAndConfig({ status: 200, body: CONFIG });
    mockPullRequestRead(files, { title: "Price rounding (token ghp_abcdefghijklmnopqrstuvwxyz0123456789)", body: "Rounds prices." }, contents);
    mockSummaryWrites(world.captured);
    mockReviewCreate(world.captured);
    model = await startFakeModel({
      answer: (req: { model: string }) => {
        if (req.model === "lead-small") return { body: completion("Rounds prices.\n\nsrc/mod03.ts\nsrc/mod17.ts") };
        if (req.model === "coder-small") return { body: completion("```\n  return round(taxed, 2);\n```") };
        return { body: completion(DELEGATE_ANSWER) };
      },
    });
    const { final } = await world.reviewOpened({ LLM_BASE_URL: model.baseUrl, CODER_MODEL: "coder-small", ...env });
    expect(final).not.toContain("has problems"); // the configuration was read: its instructions are in the prompts
    return model.calls.map((c: { request: unknown }) => c.request);
  }

  it("are the ones recorded in test/fixtures/prompts.golden.json", async () => {
    const actual = {
      small: await promptsOf([PRICE_FILE, PY_FILE], { "src/price.ts": price, "src/round.ts": round, "app/settle.py": py }),
    };
    await world.app?.stop();
    world.app = undefined;
    await model?.close();
    // The big PR at a fixed cap (ceiling = floor): the chunking and packing recorded here; the scaled budget
    // has its own tests (delegate-input-budget in review-core.test.ts).
    const big = await promptsOf(bigPr(), {}, { DELEGATE_INPUT_TOKENS: "3000", DELEGATE_MAX_INPUT_TOKENS: "3000", LEAD_INPUT_TOKENS: "2500" });
    const all = { ...actual, big };
    if (process.env.UPDATE_GOLDEN === "1" || !existsSync(GOLDEN)) writeFileSync(GOLDEN, `${JSON.stringify(all, null, 1)}\n`);
    const golden = JSON.parse(readFileSync(GOLDEN, "utf8"));
    expect(all.small.length).toBeGreaterThanOrEqual(3); // lead, delegate, coder
    expect(all.big.filter((r: any) => r.model === "lead-small").length).toBeGreaterThan(1); // triage chunks
    expect(all).toEqual(golden);
  }, 60_000);
});
