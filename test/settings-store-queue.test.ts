import { describe, expect, it } from "@jest/globals";
import { ReviewQueue } from "../src/jobs/local/review-queue.js";
import { loadSettings, SettingsError } from "../src/settings/load-settings.js";
import { parseRepoConfig } from "../src/settings/parse-repo-config.js";
import { SqliteReviewStore } from "../src/store/sqlite-review-store.js";
import { utcDay } from "../src/store/review-store.js";
import { newDataDir } from "./helpers/test-server.js";

describe("loadSettings", () => {
  it("the Cloudflare shortcut fills the base URL and a cheap lead default", () => {
    const s = loadSettings({ CLOUDFLARE_ACCOUNT_ID: "abc123", CLOUDFLARE_API_TOKEN: "tok" });
    expect(s.delegate).toMatchObject({ baseURL: "https://api.cloudflare.com/client/v4/accounts/abc123/ai/v1", apiKey: "tok", model: "@cf/zai-org/glm-5.2", maxTokens: 8192, timeoutMs: 120000 });
    expect(s.lead?.model).toBe("@cf/zai-org/glm-4.7-flash");
    expect(s.lead?.reasoning).toEqual({ effort: "none", explicit: false });
  });
  it("per-role overrides win over LLM_*", () => {
    const s = loadSettings({ LLM_BASE_URL: "http://shared/v1/", LLM_API_KEY: "k", LEAD_MODEL: "small", DELEGATE_BASE_URL: "https://glm.example/v1", DELEGATE_API_KEY: "dk" });
    expect(s.lead).toMatchObject({ baseURL: "http://shared/v1", apiKey: "k", model: "small" });
    expect(s.delegate).toMatchObject({ baseURL: "https://glm.example/v1", apiKey: "dk" });
  });
  it("every bad or missing variable is named at once", () => {
    let error: unknown;
    try {
      loadSettings({ DELEGATE_MAX_TOKENS: "lots", DAILY_TOKEN_BUDGET: "0", REDIS_URL: "http://cache:6379", JOB_LOCK_MS: "-1", THREAD_ANSWERS_PER_PR: "many" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).problems).toEqual([
      "DELEGATE_MAX_TOKENS must be a whole number (got something else)",
      "DAILY_TOKEN_BUDGET must be greater than 0",
      "THREAD_ANSWERS_PER_PR must be a whole number (0 turns answers off)",
      "JOB_LOCK_MS must be a whole number (got something else)",
      "REDIS_URL must be a full URL with its scheme, such as redis://127.0.0.1:6379/0",
      expect.stringContaining("no model endpoint: set LLM_BASE_URL"),
    ]);
  });
  it("DAILY_BUDGET_USD: $5 a day by default where the delegate's prices are known; 0 turns it off; set without prices, a warning", () => {
    const priced = { LLM_BASE_URL: "https://llm.example.com/v1", DELEGATE_MODEL: "glm", DELEGATE_PRICE_INPUT: "1.4", DELEGATE_PRICE_OUTPUT: "4.4" };
    expect(loadSettings(priced)).toMatchObject({ dailyBudgetUsd: 5, dailyTokenBudget: 1_500_000 });
    expect(loadSettings({ ...priced, DAILY_BUDGET_USD: "0" }).dailyBudgetUsd).toBeNull();
    expect(loadSettings({ LLM_BASE_URL: "https://llm.example.com/v1", DELEGATE_MODEL: "glm" }).dailyBudgetUsd).toBeNull();
    const unpriced = loadSettings({ LLM_BASE_URL: "https://llm.example.com/v1", DELEGATE_MODEL: "glm", DAILY_BUDGET_USD: "2.5" });
    expect(unpriced.dailyBudgetUsd).toBeNull();
    expect(unpriced.warnings.join("\n")).toContain("DAILY_BUDGET_USD is set but the delegate model's prices are unknown");
    expect(() => loadSettings({ ...priced, DAILY_BUDGET_USD: "five" })).toThrow(/DAILY_BUDGET_USD must be an amount in USD/);
  });
  it("without LEAD_MODEL on a generic endpoint, warns and runs with a file-list summary", () => {
    const s = loadSettings({ LLM_BASE_URL: "http://localhost:11434/v1" });
    expect(s.lead).toBeNull();
    expect(s.warnings[0]).toContain("LEAD_MODEL is not set");
  });
});

describe("parseRepoConfig", () => {
  it("absent file: defaults, no problems", () => {
    expect(parseRepoConfig(null)).toEqual({ config: { auto_review: true, review_drafts: false, ignore: [], max_findings: 10, incremental: true, daily_token_cap: null, instructions: "", path_instructions: [], instruction_files: true, check_run: { enabled: false, block_on: null } }, problems: [] });
  });
  it("a bad key keeps its default; good keys and unknown keys are handled one by one", () => {
    const r = parseRepoConfig({ auto_review: "yes", ignore: ["*.md"], max_findings: 3, colour: "blue" });
    expect(r.config).toEqual({ auto_review: true, review_drafts: false, ignore: ["*.md"], max_findings: 3, incremental: true, daily_token_cap: null, instructions: "", path_instructions: [], instruction_files: true, check_run: { enabled: false, block_on: null } });
    expect(r.problems).toEqual(["auto_review must be true or false; using the default (true)", "unknown key `colour` is ignored"]);
  });
  it("check_run: opt-in, block_on a severity or absent; a malformed key falls back alone, with a note", () => {
    expect(parseRepoConfig({ check_run: { enabled: true, block_on: "high" } }).config.check_run).toEqual({ enabled: true, block_on: "high" });
    expect(parseRepoConfig({ check_run: { enabled: true } })).toMatchObject({ config: { check_run: { enabled: true, block_on: null } }, problems: [] });
    const bad = parseRepoConfig({ check_run: { enabled: true, block_on: "critical" }, max_findings: 4 });
    expect(bad.config).toMatchObject({ check_run: { enabled: false, block_on: null }, max_findings: 4 });
    expect(bad.problems).toEqual(['check_run.block_on must be high, medium or low; using the default ({"enabled":false,"block_on":null})']);
    expect(parseRepoConfig({ check_run: true }).problems).toEqual(['check_run must be a mapping such as {enabled: true, block_on: high}; using the default ({"enabled":false,"block_on":null})']);
    expect(parseRepoConfig({ check_run: { enabled: true, blockOn: "high" } }).problems).toHaveLength(1);
  });
  it("a YAML list or scalar instead of a mapping", () => {
    expect(parseRepoConfig(["a"]).problems).toEqual(["the file is not a YAML mapping of keys to values"]);
  });
});

// The ledger, heads and findings contract (both engines) is in review-store-contract.test.ts.
describe("SqliteReviewStore: what survives reopening DATA_DIR", () => {
  it("accepts a delivery once, also after reopening the same DATA_DIR, and keeps its job until finished", async () => {
    const dir = newDataDir();
    const job = (deliveryId: string) => ({ deliveryId, job: "{}", installationId: 1, attempts: 0, gated: false });
    const store = new SqliteReviewStore(dir);
    expect(await store.acceptJob(job("d1"))).toBe(true);
    expect(await store.acceptJob(job("d1"))).toBe(false);
    await store.close();
    const reopened = new SqliteReviewStore(dir);
    expect(await reopened.acceptJob(job("d1"))).toBe(false);
    expect(await reopened.acceptJob(job("d2"))).toBe(true);
    expect((await reopened.pendingJobs()).map((j) => j.deliveryId)).toEqual(["d1", "d2"]);
    await reopened.finishJob("d1");
    expect((await reopened.pendingJobs()).map((j) => j.deliveryId)).toEqual(["d2"]);
    await reopened.close();
  });

  it("the ledger survives a restart and a new UTC day starts at zero", async () => {
    const dir = newDataDir();
    const store = new SqliteReviewStore(dir);
    const today = utcDay(new Date("2026-11-25T23:59:59Z"));
    const r = await store.reserveTokens({ day: today, repo: "o/r", tokens: 5000, dailyBudget: 10_000, repoCap: null });
    if (r.granted) await store.settleTokens(r.reservationId, 4200);
    await store.close();
    const reopened = new SqliteReviewStore(dir);
    expect(await reopened.tokensCommitted(today)).toBe(4200);
    expect(await reopened.tokensCommitted(utcDay(new Date("2026-11-26T00:00:01Z")))).toBe(0);
    await reopened.close();
  });

  it("a reservation left by a crash counts as spent after the restart", async () => {
    const dir = newDataDir();
    const store = new SqliteReviewStore(dir);
    await store.reserveTokens({ day: "2026-11-25", repo: "o/r", tokens: 8000, dailyBudget: 10_000, repoCap: null });
    await store.close(); // no settle: the process "died" mid-call
    const reopened = new SqliteReviewStore(dir);
    expect(await reopened.tokensCommitted("2026-11-25")).toBe(8000);
    await reopened.close();
  });
});

describe("ReviewQueue", () => {
  const tick = () => new Promise((r) => setTimeout(r, 5));

  it("runs one job at a time per pull request, in order, while other PRs go in parallel", async () => {
    const queue = new ReviewQueue({ concurrency: 4, onError: () => {} });
    const events: string[] = [];
    let runningForA = 0;
    let maxForA = 0;
    const job = (pr: string, name: string) => async () => {
      if (pr === "a") maxForA = Math.max(maxForA, ++runningForA);
      events.push(`start ${name}`);
      await tick();
      events.push(`end ${name}`);
      if (pr === "a") runningForA--;
    };
    queue.enqueue("a", job("a", "a1"));
    queue.enqueue("a", job("a", "a2"));
    queue.enqueue("b", job("b", "b1"));
    expect(queue.depth).toBe(3);
    await queue.onIdle();
    expect(maxForA).toBe(1);
    expect(events.indexOf("end a1")).toBeLessThan(events.indexOf("start a2"));
    expect(events.indexOf("start b1")).toBeLessThan(events.indexOf("end a1"));
    expect(queue.depth).toBe(0);
  });

  it("a failing job is reported and does not block the next one for the same PR", async () => {
    const errors: unknown[] = [];
    const queue = new ReviewQueue({ concurrency: 1, onError: (e) => errors.push(e) });
    let ran = false;
    queue.enqueue("a", async () => {
      throw new Error("boom");
    });
    queue.enqueue("a", async () => {
      ran = true;
    });
    await queue.onIdle();
    expect(errors).toHaveLength(1);
    expect(ran).toBe(true);
  });
});
