import { afterEach, describe, expect, it } from "@jest/globals";
import { graphqlErrors } from "./fakes/github-graphql.mjs";
import { FINDING, findingsWorld, SECOND_HEAD } from "./helpers/findings-world.js";
import { metricValue } from "./helpers/observe.js";

/** fixed on a push, forgotten, and GraphQL faults (the real process) */
describe("findings with a life: fixed on a push, forgotten, and GraphQL faults (the real process)", () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it("a push that fixes one finding and leaves another: only the touched one is listed, with its id; \"Fixed in <sha7>: <reason>\" and resolved", async () => {
    const other = { path: "src/math.ts", line: 6, severity: "low", title: "half of odd numbers", root_cause: "Floats." };
    const { github, app, opened, pushed, summary, delegatePrompts } = await findingsWorld(cleanup, { findings: [FINDING, other] });
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
    const { github, opened, pushed, summary } = await findingsWorld(cleanup, );
    await opened();
    github.state.threads[0].comments.push({ id: 42, body: "Is this really a problem?", user: { login: "octocat", type: "User" } });
    await pushed(2);
    expect(github.state.replies).toHaveLength(1);
    expect(github.state.replies[0].body).toMatch(/^Fixed in `9f1b2c3`: /);
    expect(github.state.threads[0].isResolved).toBe(false);
    expect(summary()).toContain("Earlier findings: 1 fixed.");
  }, 60_000);

  it("GitHub fails to list the review's comments: the review stands, the finding is recorded without an id, and later reviews go on", async () => {
    const listFails = (method: string, path: string): [number, unknown] | undefined => (method === "GET" && /\/reviews\/\d+\/comments$/.test(path) ? [502, { message: "Server Error" }] : undefined);
    const { github, opened, command, summary } = await findingsWorld(cleanup, { intercept: listFails });
    await opened();
    expect(github.state.reviews).toHaveLength(1);
    expect(summary()).toContain("reported 1 finding");
    await command("cmd-1", 2);
    expect(summary()).toContain("Earlier findings: 1 open.");
    expect(github.state.replies).toHaveLength(0);
    expect(github.state.reviews).toHaveLength(1); // never posted twice, id or not
  }, 60_000);

  it("a deleted comment's finding is forgotten; an open one with nothing new stays open", async () => {
    const { github, opened, command, summary } = await findingsWorld(cleanup, );
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
    const { github, app, opened, command, summary } = await findingsWorld(cleanup, { graphql: fault as () => [number, unknown] });
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
