import { generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "@jest/globals";
import { buildDiffModel } from "../src/review/diff/build-diff-model.js";
import { findSecrets } from "../src/review/secrets/find-secrets.js";
import { buildMaskedPrompt } from "../src/review/secrets/build-masked-prompt.js";
import { DiffMasker } from "../src/review/secrets/diff-masker.js";
import { buildDelegateMessages } from "../src/pipeline/delegate/build-delegate-messages.js";
import { buildLeadMessages } from "../src/pipeline/lead/build-lead-messages.js";
import { MASK, maskSecretsInDiff, maskSecretsInText } from "../src/review/secrets/mask-secrets.js";
import { renderInlineComment } from "../src/pipeline/publish/render-inline-comment.js";
import { loadSettings } from "../src/settings/load-settings.js";

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

const GITHUB_TOKEN = "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";
const SLACK_TOKEN = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";
const AWS_KEY_ID = "AKIAZ7QWERTYUIOP4XYZ";
const RANDOM_SECRET = "Zk9mR2xQd3N4YnVqT3BhcXJzdHV2d3h5ejEy";
const DB_URL = "postgres://app:s3cretpass@db.internal:5432/app";

describe("findSecrets", () => {
  it.each([
    ["a GitHub token", `token: ${GITHUB_TOKEN}`, GITHUB_TOKEN],
    ["a Slack token", `const slack = '${SLACK_TOKEN}'`, SLACK_TOKEN],
    ["an AWS access key id alone", `const id = "${AWS_KEY_ID}";`, AWS_KEY_ID],
    ["a high-entropy assignment", `client_secret = "${RANDOM_SECRET}"`, RANDOM_SECRET],
    ["a database URL with a password", `url = '${DB_URL}'`, "s3cretpass"],
  ])("finds %s", async (_name, text, secret) => {
    const spans = await findSecrets(text);
    const covered = spans.some((s) => text.slice(s.start, s.end).includes(secret));
    expect(covered).toBe(true);
  });
  it.each([
    ["an env reference", "api_key = process.env.OPENAI_API_KEY_VALUE"],
    ["a low-entropy word", 'password = "passwordpassword"'],
    ["ordinary code", "const total = items.reduce((a, b) => a + b, 0);"],
  ])("leaves %s alone", async (_name, text) => {
    expect(await findSecrets(text)).toEqual([]);
  });
});

describe("maskSecretsInDiff", () => {
  const pemLines = privateKey.trim().split("\n");
  const patch = [
    `@@ -1,3 +1,${pemLines.length + 4} @@`,
    " const config = {",
    `+  token: "${GITHUB_TOKEN}",`,
    ...pemLines.map((l) => `+${l}`),
    `-  old: "${SLACK_TOKEN}",`,
    "+  name: 'app',",
    " };",
  ].join("\n");
  const diff = buildDiffModel([{ filename: "config.ts", status: "modified", additions: pemLines.length + 2, deletions: 1, changes: pemLines.length + 3, patch }], []);

  it("masks added, removed and multi-line secrets; keeps every line, marker and line number", async () => {
    const { diff: masked, masked: count } = await maskSecretsInDiff(diff);
    const before = diff.files[0]!.hunks[0]!;
    const after = masked.files[0]!.hunks[0]!;
    const text = after.lines.join("\n");
    expect(text).not.toContain(GITHUB_TOKEN);
    expect(text).not.toContain(SLACK_TOKEN);
    expect(text).not.toContain(pemLines[1]);
    expect(after.lines).toHaveLength(before.lines.length);
    expect(after.lines.map((l) => l[0])).toEqual(before.lines.map((l) => l[0]));
    expect(after.rightLines).toEqual(before.rightLines);
    expect(after.lines[1]).toBe(`+  token: "${MASK}",`);
    expect(count).toBe(3);
  });

  it("masks the app's own keys wherever they appear", async () => {
    const settings = loadSettings({
      LLM_BASE_URL: "http://m/v1", LLM_API_KEY: "sk-own-key-123456", WEBHOOK_SECRET: "hook-secret-value", PRIVATE_KEY: privateKey,
      REDIS_URL: "redis://:redis-pass%2Fword@cache:6379/0",
    });
    const text = `We pasted sk-own-key-123456 and hook-secret-value and ${pemLines[3]} and redis-pass/word here`;
    const { text: out, masked } = await maskSecretsInText(text, settings.ownSecrets);
    expect(out).toBe(`We pasted ${MASK} and ${MASK} and ${MASK} and ${MASK} here`);
    expect(masked).toBe(4);
  });
});

describe("a suggestion that touches a masked value", () => {
  it("is not offered as one-click: applying it would write the mask over the real secret", () => {
    const body = renderInlineComment({ path: "a.ts", startLine: undefined, line: 1, severity: "high", title: "Leaked token", rootCause: "r", suggestion: `  token: "${MASK}",` }, "GLM-5.2");
    expect(body).not.toContain("```suggestion");
    expect(body).toContain("touches a masked secret");
  });
});

describe("masking keeps nothing behind", () => {
  it("secretlint's profiler marks do not pile up: none left after 300 calls", async () => {
    const { performance } = await import("node:perf_hooks");
    const { secretLintProfiler } = await import("@secretlint/profiler");
    for (let i = 0; i < 300; i++) await maskSecretsInText(`const api_key = "sk_live_4eC39HqLyjWDarjtT1zdp7d${i % 10}";`);
    // Unbounded before: 36 marks a call stayed in Node's timeline and in the profiler's own lists.
    expect(performance.getEntriesByType("mark").filter((m) => !m.name.startsWith("jest/"))).toEqual([]);
    expect(await secretLintProfiler.getEntries()).toHaveLength(0);
  });
});

describe("masking what the prompts keep (after compaction)", () => {
  const SECRET = (i: number) => `ghp_${String(i).padStart(4, "0")}aBcDeFgHiJkLmNoPqRsTuVwXyZ012345`;
  /** Files of different sizes, every one with a GitHub token on an added line. */
  const files = Array.from({ length: 40 }, (_, f) => ({
    filename: `src/mod${f}.ts`, status: "modified", additions: 0, deletions: 0, changes: 0,
    patch: `@@ -1,1 +1,${3 + (f % 7) * 6} @@\n ctx${f}\n+const token = "${SECRET(f)}";\n` + Array.from({ length: 1 + (f % 7) * 6 }, (_, k) => `+const v${f}_${k} = compute(${k});`).join("\n"),
  }));
  const pr = { number: 1, title: "t", body: "b" };

  it("scans only the files a prompt keeps; no secret reaches either prompt, and both caps hold", async () => {
    const diff = buildDiffModel(files, []);
    const masker = new DiffMasker([]);
    const lead = await buildMaskedPrompt(diff, masker, (d) => buildLeadMessages(pr, d, 1200));
    const delegate = await buildMaskedPrompt(diff, masker, (d) => buildDelegateMessages({ pr, diff: d, leadNotes: null, maxFindings: 5, inputTokens: 1500 }));
    for (const prompt of [lead, delegate]) {
      const text = prompt.messages.map((m) => m.content).join("\n");
      expect(text).not.toMatch(/ghp_\d{4}/);
      expect(text).toContain(MASK);
    }
    expect(lead.estimatedTokens).toBeLessThanOrEqual(1200);
    expect(delegate.estimatedTokens).toBeLessThanOrEqual(1500);
    const kept = new Set([...lead.compacted.included, ...delegate.compacted.included].map((i) => i.file.path));
    expect(masker.filesScanned).toBeLessThan(files.length);
    expect(masker.filesScanned).toBeGreaterThanOrEqual(kept.size);
    expect(masker.secretsMasked).toBe(masker.filesScanned); // one token in each file scanned
  });

  it("for any cap, nothing unmasked is sent and the cap holds (property)", async () => {
    const diff = buildDiffModel(files, []);
    await fc.assert(
      // From 1,000 tokens: below about 600 the system prompt alone is over any cap, which is not what this checks.
      fc.asyncProperty(fc.integer({ min: 1000, max: 6000 }), async (cap) => {
        const masker = new DiffMasker([]);
        const prompt = await buildMaskedPrompt(diff, masker, (d) => buildDelegateMessages({ pr, diff: d, leadNotes: null, maxFindings: 5, inputTokens: cap }));
        expect(prompt.messages.map((m) => m.content).join("\n")).not.toMatch(/ghp_\d{4}/);
        expect(prompt.estimatedTokens).toBeLessThanOrEqual(cap);
      }),
      { numRuns: 25 },
    );
    // About 1 s alone; 25 masked prompt builds in a worker sharing 2 cores with the real-process suites took over
    // Jest's 30 s twice this session (CI and npm test), so this property has room of its own.
  }, 120_000);
});
