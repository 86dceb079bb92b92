import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "@jest/globals";
import { startFakeGitHub } from "./fakes/fake-github.mjs";
import { graphqlErrors } from "./fakes/github-graphql.mjs";
import { completion, startFakeModel } from "./fakes/fake-model.mjs";
import { startAppProcess } from "./fakes/start-app-process.mjs";
import { MATH_PATCH } from "./helpers/github-mock.js";
import { metricValue } from "./helpers/observe.js";
import { postWebhook } from "./helpers/post-webhook.js";
import { waitFor } from "./helpers/wait-for.js";
import { pullRequestOpened, pullRequestPush, reviewCommand } from "./helpers/webhook-fixtures.js";

const SECRET = "life-secret";
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const FIRST_HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const SECOND_HEAD = "9f1b2c3d4e5f60718293a4b5c6d7e8f901234567";
const SUGGESTION = '  if (b === 0) throw new RangeError("division by zero");';
const MATH_AT_FIRST = ["export function divide(a: number, b: number): number {", "  if (b === 0) return 0;", "  const result = a / b;", "  return result;", "}", "export const half = (x: number) => divide(x, 2);", ""].join("\n");
/** The head after a maintainer pressed "Commit suggestion". */
const MATH_APPLIED = MATH_AT_FIRST.replace("  if (b === 0) return 0;", SUGGESTION);
const PUSH_FILE = { filename: "src/math.ts", status: "modified", additions: 1, deletions: 1, changes: 2, patch: '@@ -2 +2 @@\n-  if (b === 0) return 0;\n+  if (b === 0) throw new Error("zero");' };
const FINDING = { path: "src/math.ts", line: 2, severity: "high", title: "Division by zero returns 0 silently", root_cause: "Callers cannot tell.", suggestion: SUGGESTION };

/** Findings with a life, through the real process: GitHub's REST and GraphQL (schema-validated) on loopback. */
describe("findings with a life", () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function world(options: { graphql?: (state: any, request: any) => [number, unknown]; permission?: (login: string) => string; findings?: object[] } = {}) {
    let file = MATH_AT_FIRST;
    const github = await startFakeGitHub({
      files: () => [{ filename: "src/math.ts", status: "modified", additions: 4, deletions: 1, changes: 5, patch: MATH_PATCH }],
      headSha: FIRST_HEAD,
      contents: (path: string) => (path === "src/math.ts" ? file : undefined),
      ...(options.graphql ? { graphql: options.graphql } : {}),
      ...(options.permission ? { permission: options.permission } : {}),
      // The push changes line 2 only (the finding's line), not to the suggestion's text.
      compare: (base: string, head: string) => (base === FIRST_HEAD && head === SECOND_HEAD ? [PUSH_FILE] : undefined),
    });
    const state: any = github.state;
    let delegateCalls = 0;
    const delegatePrompts: string[] = [];
    const model = await startFakeModel({
      answer: (req: { model: string; messages: { content: string }[] }) => {
        if (req.model === "lead") return { body: completion("Makes divide safe.") };
        delegateCalls++;
        const prompt = req.messages.map((m) => m.content).join("\n");
        delegatePrompts.push(prompt);
        // On a push, the stand-in for GLM-5.2 says the listed finding is fixed.
        const listed = [...prompt.matchAll(/ id: ([0-9a-f]{10})/g)].map((m) => m[1]);
        if (listed.length > 0) return { body: completion(JSON.stringify({ summary: "Fixed.", findings: [], resolved: listed.map((id) => ({ id, reason: "it throws on a zero divisor now" })) })) };
        return { body: completion(JSON.stringify({ summary: "Defects.", findings: options.findings ?? [FINDING] })) };
      },
    });
    cleanup.push(() => github.close(), () => model.close());
    const app = await startAppProcess({
      APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, GHE_HOST: github.host, GHE_PROTOCOL: "http", LLM_BASE_URL: model.baseUrl, LEAD_MODEL: "lead",
      DATA_DIR: mkdtempSync(join(tmpdir(), "glm-life-")), SYNC_DEBOUNCE_MS: "100",
    });
    cleanup.push(() => app.stop());
    const done = (n: number) => waitFor(async () => (await metricValue(app.url, "glm_review_jobs_total", 'outcome="done"')) === n, `${n} reviews done`);
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
    return { github: { state }, app, opened, command, push, pushed, summary, delegatePrompts, delegateCalls: () => delegateCalls };
  }

  it("an applied suggestion: one reply \"Applied in <sha7>.\", the thread resolved, counted; no model is needed for it", async () => {
    const { github, app, opened, command, push, summary, delegateCalls } = await world();
    await opened();
    expect(github.state.reviewComments).toHaveLength(1);
    push(MATH_APPLIED);
    await command("cmd-1", 2);
    expect(github.state.replies.map((r: { body: string }) => r.body)).toEqual([`Applied in \`${SECOND_HEAD.slice(0, 7)}\`.`]);
    expect(github.state.replies[0].in_reply_to_id).toBe(github.state.reviewComments[0].id);
    expect(github.state.threads[0].isResolved).toBe(true);
    expect(summary()).toContain("Earlier findings: 1 applied.");
    expect(await metricValue(app.url, "glm_review_findings_total", 'event="posted"')).toBe(1);
    expect(await metricValue(app.url, "glm_review_findings_total", 'event="applied"')).toBe(1);
    // One query for the threads and one mutation, each valid against GitHub's schema.
    expect(github.state.graphql.map((g: { query: string }) => (/mutation/.test(g.query) ? "mutation" : "query"))).toEqual(["query", "mutation"]);
    for (const g of github.state.graphql) expect(graphqlErrors(g.query)).toEqual([]);
    expect(delegateCalls()).toBe(2); // one per trigger, as ever

    // A third review replies no more: the finding is applied for good.
    await command("cmd-2", 3);
    expect(github.state.replies).toHaveLength(1);
    expect(summary()).toContain("Earlier findings: 1 applied.");
  }, 60_000);

  it("a thread a person resolved while its lines stand: dismissed, counted, never posted again, no reply", async () => {
    const { github, app, opened, command, summary } = await world();
    await opened();
    Object.assign(github.state.threads[0], { isResolved: true, resolvedBy: "octocat" });
    await command("cmd-1", 2);
    expect(summary()).toContain("Earlier findings: 1 dismissed.");
    expect(github.state.replies).toHaveLength(0);
    expect(github.state.reviews).toHaveLength(1); // the delegate found it again: not posted again
    expect(await metricValue(app.url, "glm_review_findings_total", 'event="dismissed"')).toBe(1);
    // The person changes their mind: the finding is open again.
    Object.assign(github.state.threads[0], { isResolved: false, resolvedBy: null });
    await command("cmd-2", 3);
    expect(summary()).toContain("Earlier findings: 1 open.");
  }, 60_000);

  it("a thread resolved by a PR author without write access: not a dismissal, the finding stays open", async () => {
    const { github, opened, command, summary } = await world({ permission: (login) => (login === "drive-by" ? "read" : "write") });
    await opened();
    Object.assign(github.state.threads[0], { isResolved: true, resolvedBy: "drive-by" });
    await command("cmd-1", 2);
    expect(summary()).toContain("Earlier findings: 1 open.");
  }, 60_000);

  it("a push that fixes one finding and leaves another: only the touched one is listed, with its id; \"Fixed in <sha7>: <reason>\" and resolved", async () => {
    const other = { path: "src/math.ts", line: 6, severity: "low", title: "half of odd numbers", root_cause: "Floats." };
    const { github, app, opened, pushed, summary, delegatePrompts } = await world({ findings: [FINDING, other] });
    await opened();
    expect(github.state.reviewComments).toHaveLength(2);
    await pushed(2);
    const pushPrompt = delegatePrompts.at(-1)!;
    expect([...pushPrompt.matchAll(/ id: [0-9a-f]{10}/g)]).toHaveLength(1);
    expect(pushPrompt).toMatch(/- \[high\] Division by zero returns 0 silently \(src\/math\.ts:2\) id: [0-9a-f]{10}/);
    expect(pushPrompt).not.toContain("half of odd numbers (src/math.ts:6)");
    expect(github.state.replies.map((r: { body: string }) => r.body)).toEqual([`Fixed in \`${SECOND_HEAD.slice(0, 7)}\`: it throws on a zero divisor now`]);
    expect(github.state.threads.map((t: { isResolved: boolean }) => t.isResolved)).toEqual([true, false]);
    expect(summary()).toContain("Earlier findings: 1 fixed, 1 open.");
    expect(await metricValue(app.url, "glm_review_findings_total", 'event="fixed"')).toBe(1);
  }, 60_000);

  it("a fixed finding whose thread a person replied in: the reply is posted, the thread is left open for them", async () => {
    const { github, opened, pushed, summary } = await world();
    await opened();
    github.state.threads[0].comments.push({ id: 42, body: "Is this really a problem?", user: { login: "octocat", type: "User" } });
    await pushed(2);
    expect(github.state.replies).toHaveLength(1);
    expect(github.state.replies[0].body).toMatch(/^Fixed in `9f1b2c3`: /);
    expect(github.state.threads[0].isResolved).toBe(false);
    expect(summary()).toContain("Earlier findings: 1 fixed.");
  }, 60_000);

  it("a deleted comment's finding is forgotten; an open one with nothing new stays open", async () => {
    const { github, opened, command, summary } = await world();
    await opened();
    await command("cmd-1", 2);
    expect(summary()).toContain("Earlier findings: 1 open.");
    github.state.threads.length = 0;
    await command("cmd-2", 3);
    expect(summary()).not.toContain("Earlier findings");
  }, 60_000);

  it.each([
    ["HTTP 502", () => [502, { message: "Server Error" }]],
    ["GraphQL errors", () => [200, { errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded" }] }]],
  ])("GraphQL fails (%s): the review is still posted and the summary says the threads could not be read", async (_what, fault) => {
    const { github, app, opened, command, summary } = await world({ graphql: fault as () => [number, unknown] });
    await opened();
    await command("cmd-1", 2);
    expect(summary()).toContain("reported 1 finding");
    expect(summary()).toMatch(/The earlier review threads could not be read \(.+\); they are followed at the next review\./);
    expect(summary()).toContain("Earlier findings: 1 open.");
    expect(github.state.replies).toHaveLength(0);
    expect(await metricValue(app.url, "glm_review_failures_total", 'stage="read_threads"')).toBe(1);
  }, 60_000);
});

describe("the fake's GraphQL check can fail", () => {
  it("a document with a field GitHub does not have is refused", () => {
    expect(graphqlErrors("query { repository(owner: \"o\", name: \"r\") { pullRequest(number: 1) { reviewThreads(first: 1) { nodes { isResolvedd } } } } }")).toEqual([
      expect.stringContaining('Cannot query field "isResolvedd"'),
    ]);
  });
});
