// The world of the findings-life suites: the real process against a fake GitHub (REST and GraphQL, schema-validated)
// and a stand-in model that reports one finding, or on a push names the listed findings fixed.
import { generateKeyPairSync } from "node:crypto";
import { expect } from "@jest/globals";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeGitHub } from "../fakes/fake-github.mjs";
import { completion, startFakeModel } from "../fakes/fake-model.mjs";
import { startAppProcess } from "../fakes/start-app-process.mjs";
import { MATH_PATCH } from "./github-mock.js";
import { metricValue } from "./observe.js";
import { postWebhook } from "./post-webhook.js";
import { waitFor } from "./wait-for.js";
import { pullRequestOpened, pullRequestPush, realPayload, reviewCommand } from "./webhook-fixtures.js";

export const SECRET = "life-secret";
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const FIRST_HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
export const SECOND_HEAD = "9f1b2c3d4e5f60718293a4b5c6d7e8f901234567";
const SUGGESTION = '  if (b === 0) throw new RangeError("division by zero");';
const MATH_AT_FIRST = ["export function divide(a: number, b: number): number {", "  if (b === 0) return 0;", "  const result = a / b;", "  return result;", "}", "export const half = (x: number) => divide(x, 2);", ""].join("\n");
/** The head after a maintainer pressed "Commit suggestion". */
export const MATH_APPLIED = MATH_AT_FIRST.replace("  if (b === 0) return 0;", SUGGESTION);
const PUSH_FILE = { filename: "src/math.ts", status: "modified", additions: 1, deletions: 1, changes: 2, patch: '@@ -2 +2 @@\n-  if (b === 0) return 0;\n+  if (b === 0) throw new Error("zero");' };
export const FINDING = { path: "src/math.ts", line: 2, severity: "high", title: "Division by zero returns 0 silently", root_cause: "Callers cannot tell.", suggestion: SUGGESTION };

/** Findings with a life, through the real process: GitHub's REST and GraphQL (schema-validated) on loopback. */

/** Starts the fakes and the app; `cleanup` stops them after each test. */
export async function findingsWorld(cleanup: (() => Promise<unknown>)[], options: { graphql?: (state: any, request: any) => [number, unknown]; permission?: (login: string) => string; findings?: object[]; intercept?: (method: string, path: string) => [number, unknown] | undefined; leadAnswer?: (prompt: string) => object; env?: Record<string, string>; replicas?: number; github?: Record<string, unknown>; delegateAnswer?: () => object | undefined } = {}) {
  let file = MATH_AT_FIRST;
  const github = await startFakeGitHub({
    files: () => [{ filename: "src/math.ts", status: "modified", additions: 4, deletions: 1, changes: 5, patch: MATH_PATCH }],
    headSha: FIRST_HEAD,
    // The head as GitHub lists and serves it: src/ holds math.ts (a listing answers a guessed import).
    contents: (path: string) => (path === "src/math.ts" ? file : path === "src" ? ["math.ts"] : path === "" ? ["src/"] : undefined),
    ...(options.graphql ? { graphql: options.graphql } : {}),
    ...(options.permission ? { permission: options.permission } : {}),
    ...(options.intercept ? { intercept: options.intercept } : {}),
    // The push changes line 2 only (the finding's line), not to the suggestion's text.
    compare: (base: string, head: string) => (base === FIRST_HEAD && head === SECOND_HEAD ? [PUSH_FILE] : undefined),
    ...options.github,
  });
  const state: any = github.state;
  let delegateCalls = 0;
  const delegatePrompts: string[] = [];
  const leadRequests: { messages: { role: string; content: string }[] }[] = [];
  const model = await startFakeModel({
    answer: (req: { model: string; messages: { role: string; content: string }[] }) => {
      if (req.model === "lead") {
        leadRequests.push(req);
        const prompt = req.messages.map((m) => m.content).join("\n");
        return options.leadAnswer && prompt.includes("<<<BEGIN question") ? options.leadAnswer(prompt) : { body: completion("Makes divide safe.") };
      }
      delegateCalls++;
      const override = options.delegateAnswer?.();
      if (override) return override;
      const prompt = req.messages.map((m) => m.content).join("\n");
      delegatePrompts.push(prompt);
      // On a push, the stand-in for GLM-5.2 says the listed finding is fixed.
      const listed = [...prompt.matchAll(/ id: ([0-9a-f]{10})/g)].map((m) => m[1]);
      if (listed.length > 0) return { body: completion(JSON.stringify({ summary: "Fixed.", findings: [], resolved: [...listed, ...listed, "0123456789"].map((id) => ({ id, reason: "it throws on a zero divisor now" })) })) };
      return { body: completion(JSON.stringify({ summary: "Defects.", findings: options.findings ?? [FINDING] })) };
    },
  });
  cleanup.push(() => github.close(), () => model.close());
  const env = {
    APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, GHE_HOST: github.host, GHE_PROTOCOL: "http", LLM_BASE_URL: model.baseUrl, LEAD_MODEL: "lead",
    SYNC_DEBOUNCE_MS: "100", ...options.env,
  };
  // Each replica (one unless Redis mode asks for more) keeps its own DATA_DIR across a restart.
  const dataDirs = Array.from({ length: options.replicas ?? 1 }, () => mkdtempSync(join(tmpdir(), "glm-life-")));
  let apps: Awaited<ReturnType<typeof startAppProcess>>[] = [];
  const startAll = async () => {
    apps = await Promise.all(dataDirs.map((DATA_DIR) => startAppProcess({ ...env, DATA_DIR })));
  };
  await startAll();
  cleanup.push(() => Promise.all(apps.map((a) => a.stop())));
  /** The replica the next deliveries go to. */
  let current = 0;
  const app = { get url() { return apps[current]!.url; }, output: () => apps[current]!.output() };
  const done = (n: number) =>
    waitFor(async () => (await Promise.all(apps.map((a) => metricValue(a.url, "glm_review_jobs_total", 'outcome="done"')))).reduce((x, y) => x + y, 0) === n, `${n} jobs done`);
  /** Stops every replica and starts it again on the same data: the counters start from zero. */
  const restart = async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await startAll();
  };
  const opened = async () => {
    expect((await postWebhook(app.url, { id: "open-1", payload: pullRequestOpened(), secret: SECRET })).status).toBe(200);
    await done(1);
  };
  const command = async (id: string, n: number) => {
    const payload = reviewCommand();
    payload.issue.number = 2;
    expect((await postWebhook(app.url, { event: "issue_comment", id, payload, secret: SECRET })).status).toBe(200);
    await done(n);
  };
  const push = (text: string) => {
    file = text;
    github.state.headSha = SECOND_HEAD;
  };
  const summary = (): string => state.comments.find((c: { issue: number }) => c.issue === 2)?.body ?? "";
  const pushed = async (n: number) => {
    push(MATH_AT_FIRST.replace("  if (b === 0) return 0;", '  if (b === 0) throw new Error("zero");'));
    expect((await postWebhook(app.url, { id: "push-1", payload: pullRequestPush(SECOND_HEAD), secret: SECRET })).status).toBe(200);
    await done(n);
  };
  /** A person's (or a bot's) reply in the app's first thread, as GitHub shows it and sends it. */
  const reply = async (id: string, body: string, sender: { login: string; type: string } = { login: "octocat", type: "User" }, action = "created") => {
    const payload = realPayload("pull_request_review_comment", action);
    const root = state.reviewComments[0];
    const comment = { ...payload.comment, id: state.nextId++, in_reply_to_id: root.id, body, path: root.path, line: root.line, user: { ...payload.comment.user, ...sender } };
    state.threads[0].comments.push({ id: comment.id, body, path: root.path, line: root.line, user: sender });
    Object.assign(payload, { comment, sender: { ...payload.sender, ...sender } });
    return postWebhook(app.url, { event: "pull_request_review_comment", id, payload, secret: SECRET });
  };
  /** GitHub's pull_request_review_thread event for the app's first thread. */
  const threadEvent = async (id: string, action: "resolved" | "unresolved", login = "octocat") => {
    const payload = realPayload("pull_request_review_thread", action);
    const thread = state.threads[0];
    payload.thread = { node_id: thread.id, comments: thread.comments.map((c: any) => ({ ...payload.thread.comments[0], id: c.id, body: c.body, line: thread.isOutdated ? null : c.line ?? null, position: thread.isOutdated ? null : 1 })) };
    payload.sender = { ...payload.sender, login, type: login.endsWith("[bot]") ? "Bot" : "User" };
    return postWebhook(app.url, { event: "pull_request_review_thread", id, payload, secret: SECRET });
  };
  const use = (replica: number) => {
    current = replica;
  };
  return { github: { state }, app, use, restart, opened, command, push, pushed, summary, delegatePrompts, delegateCalls: () => delegateCalls, leadRequests, reply, threadEvent, done };
}

