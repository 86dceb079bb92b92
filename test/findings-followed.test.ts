import { afterEach, describe, expect, it } from "@jest/globals";
import { graphqlErrors } from "./fakes/github-graphql.mjs";
import { findingsWorld, MATH_APPLIED, SECOND_HEAD } from "./helpers/findings-world.js";
import { metricValue } from "./helpers/observe.js";

/** applied, dismissed, reopened (the real process, GraphQL checked against GitHub's schema) */
describe("findings with a life: applied, dismissed, reopened (the real process, GraphQL checked against GitHub's schema)", () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it("an applied suggestion: one reply \"Applied in <sha7>.\", the thread resolved, counted; no model is needed for it", async () => {
    const { github, app, opened, command, push, summary, delegateCalls } = await findingsWorld(cleanup, );
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
    const { github, app, opened, command, summary } = await findingsWorld(cleanup, );
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

  it("a 👎 on the app's comment from a person with write access dismisses it; a 👎 from someone without write does not", async () => {
    const { github, opened, command, summary } = await findingsWorld(cleanup, { permission: (login) => (login === "drive-by" ? "read" : "write") });
    await opened();
    github.state.threads[0].comments[0].reactions = { THUMBS_DOWN: ["drive-by"] };
    await command("cmd-1", 2);
    expect(summary()).toContain("Earlier findings: 1 open.");
    github.state.threads[0].comments[0].reactions = { THUMBS_DOWN: ["drive-by", "octocat"] };
    await command("cmd-2", 3);
    expect(summary()).toContain("Earlier findings: 1 dismissed.");
    expect(github.state.replies).toHaveLength(0);
    for (const g of github.state.graphql) expect(graphqlErrors(g.query)).toEqual([]);
  }, 60_000);

  it("a thread resolved by a PR author without write access: not a dismissal, the finding stays open", async () => {
    const { github, opened, command, summary } = await findingsWorld(cleanup, { permission: (login) => (login === "drive-by" ? "read" : "write") });
    await opened();
    Object.assign(github.state.threads[0], { isResolved: true, resolvedBy: "drive-by" });
    await command("cmd-1", 2);
    expect(summary()).toContain("Earlier findings: 1 open.");
  }, 60_000);

});
