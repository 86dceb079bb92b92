import { generateKeyPairSync, randomUUID } from "node:crypto";
import { chmodSync, copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startFakeGitHub } from "./fakes/fake-github.mjs";
import { completion, startFakeModel } from "./fakes/fake-model.mjs";
import { startFakeSmee } from "./fakes/fake-smee.mjs";
import { freePort, runAppToExit, startAppProcess } from "./fakes/start-app-process.mjs";
import { MATH_PATCH } from "./helpers/github-mock.js";
import { waitFor } from "./helpers/wait-for.js";
import { pullRequestOpened } from "./helpers/webhook-fixtures.js";
import { applyDotEnv } from "../src/startup/apply-dot-env.js";
import { loadSettings, SettingsError } from "../src/settings/load-settings.js";
import { runDoctor } from "../src/doctor/run-doctor.js";
import { webhookHeaders } from "./helpers/post-webhook.js";

const SECRET = "first-hour-secret";
const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

/** A new user's first hour, through the real process (`node lib/main.js`) against fakes on loopback. */
describe("a new user's first hour", () => {
  let github: Awaited<ReturnType<typeof startFakeGitHub>>;
  let model: Awaited<ReturnType<typeof startFakeModel>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    github = await startFakeGitHub({ files: { 2: [{ filename: "src/math.ts", status: "modified", additions: 4, deletions: 1, changes: 5, patch: MATH_PATCH }] } });
    model = await startFakeModel({
      answer: (req) => (req.model === "lead-small" ? { body: completion("Adds a zero check to `divide`.") } : { body: completion(JSON.stringify({ summary: "Looks fine.", findings: [] })) }),
    });
    env = { APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, GHE_HOST: github.host, GHE_PROTOCOL: "http", LLM_BASE_URL: model.baseUrl, LEAD_MODEL: "lead-small" };
  });
  afterAll(async () => {
    await github?.close();
    await model?.close();
  });

  it("webhooks arrive through a smee-style channel (WEBHOOK_PROXY_URL) and the review lands", async () => {
    const smee = await startFakeSmee();
    const app = await startAppProcess({ ...env, WEBHOOK_PROXY_URL: smee.url, DATA_DIR: tempDir("glm-smee-") });
    try {
      await smee.connected();
      const body = pullRequestOpened();
      const raw = JSON.stringify(body);
      const delivered = smee.relay(
        { ...webhookHeaders("pull_request", randomUUID(), raw, SECRET), host: "smee.io" },
        body,
      );
      expect(delivered).toBe(1);
      await waitFor(() => github.state.comments.some((c: { body: string }) => c.body.includes("reviewed the diff")), "a review through the channel", 20_000);
    } finally {
      await app.stop();
      await smee.close();
    }
  }, 40_000);

  it(".env.example copied as .env changes nothing: the environment's settings stand, and the app starts (no setup page)", async () => {
    const cwd = tempDir("glm-dotenv-");
    copyFileSync(join(process.cwd(), ".env.example"), join(cwd, ".env"));
    const shell = { ...env, DATA_DIR: join(cwd, "data"), DELEGATE_MAX_TOKENS: "4096" };
    const withDotEnv: NodeJS.ProcessEnv = { ...shell };
    const saved = process.env;
    try {
      process.env = withDotEnv;
      applyDotEnv(cwd);
    } finally {
      process.env = saved;
    }
    expect(withDotEnv).toEqual(shell);
    expect(loadSettings(withDotEnv)).toEqual(loadSettings(shell));
    const app = await startAppProcess(shell, undefined, { cwd });
    try {
      expect((await fetch(`${app.url}/probot`)).status).toBe(404); // Probot's setup page is not served
    } finally {
      await app.stop();
    }
  }, 30_000);

  it("APP_ID with a bad key exits 1 with one line naming the variable, and never serves the setup page", async () => {
    const result = await runAppToExit({ ...env, PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----", DATA_DIR: tempDir("glm-badkey-") });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^GLM Review cannot start: APP_ID is set but PRIVATE_KEY is not a valid private key/);
    expect(result.stdout).not.toContain(privateKey.slice(40, 80));
  });

  it("APP_ID with no key at all exits 1 naming PRIVATE_KEY", async () => {
    const { PRIVATE_KEY: _dropped, ...noKey } = env;
    const result = await runAppToExit({ ...noKey, DATA_DIR: tempDir("glm-nokey-") });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^GLM Review cannot start: APP_ID is set but there is no private key; set PRIVATE_KEY/);
  });

  it("production with no APP_ID exits 1: a server never offers registration", async () => {
    const result = await runAppToExit({ NODE_ENV: "production", LLM_BASE_URL: model.baseUrl, DATA_DIR: tempDir("glm-noapp-") });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^GLM Review cannot start: APP_ID is not set and NODE_ENV is production/);
  });

  it("production with APP_ID but no WEBHOOK_SECRET exits 1 with one line naming it and the fix (Probot would accept webhooks signed with \"development\")", async () => {
    const { WEBHOOK_SECRET: _dropped, ...noSecret } = env;
    const result = await runAppToExit({ ...noSecret, NODE_ENV: "production", DATA_DIR: tempDir("glm-nosecret-") }, { timeoutMs: 10_000 });
    expect(result.signal).toBeNull(); // it ended on its own, not by the test's kill
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toEqual([expect.stringMatching(/^GLM Review cannot start: WEBHOOK_SECRET is not set and NODE_ENV is production: .*; set WEBHOOK_SECRET to the Webhook secret in the GitHub App's settings$/)]);
  });

  it("development with APP_ID but no WEBHOOK_SECRET starts and warns once, naming WEBHOOK_SECRET", async () => {
    const { WEBHOOK_SECRET: _dropped, ...noSecret } = env;
    const app = await startAppProcess({ ...noSecret, NODE_ENV: "development", LOG_FORMAT: "json", DATA_DIR: tempDir("glm-devsecret-") });
    try {
      const warnings = app.output().split("\n").filter((l) => l.includes("WEBHOOK_SECRET is not set"));
      expect(warnings).toHaveLength(1);
      expect(JSON.parse(warnings[0]!).level).toBe(40);
    } finally {
      await app.stop();
    }
  }, 30_000);

  it("the doctor: no WEBHOOK_SECRET is ✗ in production (exit 1) and ⚠ in development (passes)", async () => {
    const { WEBHOOK_SECRET: _dropped, ...noSecret } = env;
    for (const [nodeEnv, mark, exit] of [["production", "✗", 1], ["development", "⚠", 0]] as const) {
      const lines: string[] = [];
      const code = await runDoctor({ ...noSecret, NODE_ENV: nodeEnv, DATA_DIR: tempDir("glm-doctor-") }, (l) => lines.push(l));
      expect(lines.filter((l) => l.includes("WEBHOOK_SECRET"))).toEqual([expect.stringMatching(new RegExp(`^${mark} WEBHOOK_SECRET is not set`))]);
      expect(code).toBe(exit);
    }
  });

  it("DATA_DIR with a file in the way exits 1 with one message naming DATA_DIR and the fix", async () => {
    const file = join(tempDir("glm-datafile-"), "data");
    writeFileSync(file, "not a directory");
    const result = await runAppToExit({ ...env, NODE_ENV: "production", DATA_DIR: file });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain(`DATA_DIR ${file} is a file, not a directory; move the file away or set DATA_DIR to a directory this user can write`);
  });

  it("DATA_DIR below a file names DATA_DIR and the reason (ENOTDIR)", async () => {
    const parent = join(tempDir("glm-notdir-"), "file");
    writeFileSync(parent, "");
    const result = await runAppToExit({ ...env, NODE_ENV: "production", DATA_DIR: join(parent, "data") });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/DATA_DIR \S+ cannot be created: a file is in the way on its path \(ENOTDIR\)/);
  });

  it("a database file that cannot be opened names DATA_DIR, the file and the fix", async () => {
    const dir = tempDir("glm-baddb-");
    writeFileSync(join(dir, "glm-review.sqlite"), "this is not an SQLite database, just text that is long enough to be read as a header");
    const result = await runAppToExit({ ...env, NODE_ENV: "production", DATA_DIR: dir });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain(`DATA_DIR: the database ${join(dir, "glm-review.sqlite")} cannot be opened (`);
    expect(result.stdout + result.stderr).toContain("move that file away to start with an empty one");
  });

  // Root writes through any mode bits, so this one runs only as an ordinary user (CI here runs as root).
  (process.getuid?.() === 0 ? it.skip : it)("DATA_DIR under a read-only parent names DATA_DIR and the reason", async () => {
    const parent = tempDir("glm-ro-");
    chmodSync(parent, 0o555);
    const result = await runAppToExit({ ...env, NODE_ENV: "production", DATA_DIR: join(parent, "data") });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/DATA_DIR \S+ cannot be created: its parent \S+ is not writable \(EACCES\)/);
  });

  it("100 unsigned requests give 100 short warn lines, never a payload", async () => {
    const app = await startAppProcess({ ...env, DATA_DIR: tempDir("glm-unsigned-"), LOG_FORMAT: "json" });
    try {
      const payload = JSON.stringify({ ...pullRequestOpened(), padding: "P".repeat(50_000) });
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          fetch(`${app.url}/api/github/webhooks`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": `unsigned-${i}`, ...(i % 2 === 0 ? { "x-hub-signature-256": "sha256=00" } : {}) },
            body: payload,
          }).then((r) => r.status),
        ),
      );
      expect(new Set(answers).size).toBe(1);
      expect(answers[0]).toBeGreaterThanOrEqual(400);
      const rejectedLines = () => app.output().split("\n").filter((l) => l.includes("webhook rejected"));
      await waitFor(() => rejectedLines().length >= 100, "a rejected line for each request");
      const lines = app.output().split("\n").filter((l) => l.trim() !== "");
      const rejected = rejectedLines();
      // One line per request, each naming its delivery: unsigned ones too, bad signatures only once.
      expect(rejected.map((l) => JSON.parse(l).delivery).sort()).toEqual(Array.from({ length: 100 }, (_, i) => `unsigned-${i}`).sort());
      expect(rejected.filter((l) => l.includes("no x-hub-signature-256 header (unsigned)"))).toHaveLength(50);
      expect(rejected.filter((l) => l.includes("signature does not match"))).toHaveLength(50);
      for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThan(500);
      expect(app.output()).not.toContain("PPPPPPPPPP");
    } finally {
      await app.stop();
    }
  }, 30_000);

  it("the settings messages: a URL without a scheme is one message; small DELEGATE_MAX_TOKENS and @cf/ models elsewhere warn", () => {
    let error: unknown;
    try {
      loadSettings({ LLM_BASE_URL: "llm.example.com/v1" });
    } catch (e) {
      error = e;
    }
    expect((error as SettingsError).problems).toEqual(["LLM_BASE_URL must be a full URL with its scheme, such as https://host/v1"]);
    const small = loadSettings({ LLM_BASE_URL: "https://llm.example.com/v1", DELEGATE_MAX_TOKENS: "5", DELEGATE_MODEL: "glm-5.2" });
    expect(small.warnings.join("\n")).toContain("DELEGATE_MAX_TOKENS=5 is below 1024");
    const foreign = loadSettings({ LLM_BASE_URL: "https://llm.example.com/v1" });
    expect(foreign.warnings.join("\n")).toContain("DELEGATE_MODEL is `@cf/zai-org/glm-5.2`, a Cloudflare Workers AI name, but its endpoint llm.example.com is not Cloudflare");
  });

  it("the doctor: all ✓ against working fakes, exit 0, no secret printed", async () => {
    const lines: string[] = [];
    const code = await runDoctor({ ...env, LLM_API_KEY: "sk-very-secret-key", DATA_DIR: tempDir("glm-doctor-") }, (l) => lines.push(l));
    const out = lines.join("\n");
    if (code !== 0) console.log(out);
    expect(out).toContain("✓ GitHub App: glm-review (APP_ID 1) authenticates; 2 installations");
    expect(out).toContain("✓ WEBHOOK_SECRET: set");
    expect(out).toMatch(/✓ delegate model @cf\/zai-org\/glm-5\.2 at 127\.0\.0\.1:\d+: answers/);
    expect(out).toMatch(/✓ DATA_DIR .*: writable/);
    // No prices are known for this endpoint: the day is bounded in tokens, and the doctor says what is left.
    expect(out).toMatch(/✓ budget today \(UTC \d{4}-\d{2}-\d{2}\): 1,500,000 of 1,500,000 delegate tokens left \(DAILY_TOKEN_BUDGET\)/);
    expect(out).not.toContain("✗");
    expect(out).not.toContain("sk-very-secret-key");
    expect(out).not.toContain(privateKey.split("\n")[1]);
    expect(code).toBe(0);
  });

  it("the doctor: a live webhook proxy channel is ✓; a Redis that does not answer is ✗ naming REDIS_URL", async () => {
    const smee = await startFakeSmee();
    const dead = await freePort();
    try {
      const lines: string[] = [];
      const code = await runDoctor({ ...env, DATA_DIR: tempDir("glm-doctor-"), WEBHOOK_PROXY_URL: smee.url, REDIS_URL: `redis://127.0.0.1:${dead}/0` }, (l) => lines.push(l));
      const out = lines.join("\n");
      expect(out).toMatch(/✓ webhook proxy 127\.0\.0\.1:\d+: the channel is open/);
      expect(out).toMatch(new RegExp(`✗ Redis at 127\\.0\\.0\\.1:${dead}: .*; start Redis or fix REDIS_URL`));
      expect(code).toBe(1);
    } finally {
      await smee.close();
    }
  });

  it("the doctor: a dead model endpoint and a bad private key are ✗, exit 1", async () => {
    const lines: string[] = [];
    const code = await runDoctor({ ...env, PRIVATE_KEY: "garbage", LLM_BASE_URL: "http://127.0.0.1:9/v1", DATA_DIR: tempDir("glm-doctor-") }, (l) => lines.push(l));
    const out = lines.join("\n");
    expect(out).toMatch(/✗ GitHub App: /);
    expect(out).toMatch(/✗ delegate model .* at 127\.0\.0\.1:9/);
    expect(code).toBe(1);
  });
});
