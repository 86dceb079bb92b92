import { afterEach, describe, expect, it } from "@jest/globals";
import { findingsWorld, SECOND_HEAD, SECRET } from "./helpers/findings-world.js";
import { metricValue } from "./helpers/observe.js";
import { postWebhook } from "./helpers/post-webhook.js";
import { waitFor } from "./helpers/wait-for.js";
import { pullRequestPush, realPayload } from "./helpers/webhook-fixtures.js";

const GATE_HIGH = "check_run:\n  enabled: true\n  block_on: high\n";
const FIRST_HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";

/** Every Checks API request the app sent conformed to GitHub's OpenAPI description. */
const expectConforming = (state: any) => {
  expect(state.checkRequests.length).toBeGreaterThan(0);
  for (const r of state.checkRequests) expect([r.operationId, r.violations]).toEqual([r.operationId, []]);
};
const runOn = (state: any, sha: string) => state.checkRuns.filter((r: { head_sha: string }) => r.head_sha === sha);

/** The opt-in merge gate: the "GLM Review" check run, through the real process and a Checks API held to GitHub's description. */
describe("the merge gate: a \"GLM Review\" check run a branch rule can require", () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it("block_on: high — in progress during the review, failure while the high finding is open, success once it is dismissed", async () => {
    const { github, opened, reply, done } = await findingsWorld(cleanup, { github: { configYaml: GATE_HIGH } });
    await opened();
    const [run] = runOn(github.state, FIRST_HEAD);
    const created = github.state.checkRequests.find((r: { operationId: string }) => r.operationId === "checks/create");
    expect(created.body).toMatchObject({ name: "GLM Review", head_sha: FIRST_HEAD, status: "in_progress", output: { title: expect.stringMatching(/^Reviewing/) } });
    expect(run).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "1 open finding at or above high" } });
    expect(run.output.summary).toContain(`- **high** [Division by zero returns 0 silently](https://github.com/Codertocat/Hello-World/pull/2#discussion_r${github.state.reviewComments[0].id}) (\`src/math.ts:2\`)`);
    await reply("dismiss-1", "/glm dismiss callers check b first");
    await done(2);
    expect(runOn(github.state, FIRST_HEAD)).toHaveLength(1);
    expect(run).toMatchObject({ conclusion: "success", output: { title: "No open findings" } });
    expect(run.output.summary).toContain("Earlier findings closed: 1 dismissed.");
    expect(run.history).toEqual(["failure", "success"]);
    expectConforming(github.state);
  }, 60_000);

  it("the Checks API failing when a dismissal would update the check: the dismissal still stands and is answered; counted", async () => {
    let down = false;
    const { github, app, opened, reply, done } = await findingsWorld(cleanup, {
      github: { configYaml: GATE_HIGH, checksFault: (op: string) => (down && op === "checks/update" ? [422, { message: "Validation Failed", errors: [{ resource: "CheckRun", code: "custom" }], documentation_url: "https://docs.github.com/rest/checks/runs#update-a-check-run" }] : undefined) },
    });
    await opened();
    const failuresBefore = await metricValue(app.url, "glm_review_failures_total", 'stage="check_run"');
    down = true;
    await reply("dismiss-1", "/glm dismiss callers check b first");
    await done(2);
    expect(github.state.replies.map((r: { body: string }) => r.body)).toEqual(["Dismissed."]);
    expect(await metricValue(app.url, "glm_review_findings_total", 'event="dismissed"')).toBe(1);
    expect(runOn(github.state, FIRST_HEAD)[0].conclusion).toBe("failure"); // left as it was
    expect(await metricValue(app.url, "glm_review_failures_total", 'stage="check_run"')).toBe(failuresBefore + 1);
  }, 60_000);

  it("without block_on the check only reports (neutral); a push starts a new check on the new head, which the fix turns to success", async () => {
    const { github, opened, pushed } = await findingsWorld(cleanup, { github: { configYaml: "check_run: {enabled: true}\n" } });
    await opened();
    expect(runOn(github.state, FIRST_HEAD)[0]).toMatchObject({ conclusion: "neutral", output: { title: "1 open finding, none blocking" } });
    await pushed(2);
    expect(runOn(github.state, FIRST_HEAD)[0].conclusion).toBe("neutral"); // the old head keeps its own check
    expect(runOn(github.state, SECOND_HEAD)[0]).toMatchObject({ status: "completed", conclusion: "success" });
    expect(github.state.checkRuns.filter((r: { status: string }) => r.status !== "completed")).toEqual([]);
    expectConforming(github.state);
  }, 60_000);

  it("off by default: no Checks API request at all", async () => {
    const { github, opened } = await findingsWorld(cleanup);
    await opened();
    expect(github.state.checkRequests).toEqual([]);
  }, 60_000);

  it("the app's own fault never blocks: a failed GLM-5.2 call ends the check neutral with the summary's sentence", async () => {
    const { github, opened, summary } = await findingsWorld(cleanup, {
      github: { configYaml: GATE_HIGH },
      delegateAnswer: () => ({ status: 429, body: { errors: [{ code: 3036, message: "Capacity temporarily exceeded" }], success: false } }),
    });
    await opened();
    const [run] = runOn(github.state, FIRST_HEAD);
    expect(run).toMatchObject({ status: "completed", conclusion: "neutral", output: { title: "Not fully reviewed (an app-side problem): nothing is blocked" } });
    const sentence = /GLM-5\.2 was rate limited \(429\)[^\n]*/.exec(summary())?.[0];
    expect(sentence).toBeDefined();
    expect(run.output.summary).toContain(sentence);
  }, 60_000);

  it("an installation without checks: write (403): the review lands, one log line with the fix, per installation", async () => {
    const { github, app, opened, command, summary } = await findingsWorld(cleanup, {
      github: { configYaml: GATE_HIGH, checksFault: () => [403, { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/checks/runs#create-a-check-run" }] },
    });
    await opened();
    await command("cmd-1", 2);
    expect(github.state.reviews).toHaveLength(1);
    expect(summary()).toContain("reviewed the diff in one pass");
    expect(app.output().match(/accept the app's new permissions \(Checks: write\)/g)).toHaveLength(1);
    expect(await metricValue(app.url, "glm_review_failures_total", 'stage="check_run"')).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it("a 502 from the Checks API is retried like any GitHub write; the check still ends in a conclusion", async () => {
    let failures = 1;
    const { github, opened } = await findingsWorld(cleanup, {
      github: { configYaml: GATE_HIGH, checksFault: (op: string) => (op === "checks/create" && failures-- > 0 ? [502, { message: "Server Error" }] : undefined) },
    });
    await opened();
    expect(github.state.checkRequests.filter((r: { operationId: string }) => r.operationId === "checks/create")).toHaveLength(2);
    expect(runOn(github.state, FIRST_HEAD)).toEqual([expect.objectContaining({ status: "completed", conclusion: "failure" })]);
  }, 60_000);

  it("Re-run on the check (check_run.rerequested) reviews like /glm review and concludes the same check again", async () => {
    const { github, app, opened, done, delegateCalls } = await findingsWorld(cleanup, { github: { configYaml: GATE_HIGH } });
    await opened();
    const payload = realPayload("check_run", "rerequested");
    const [run] = runOn(github.state, FIRST_HEAD);
    payload.check_run = { ...payload.check_run, id: run.id, name: "GLM Review", head_sha: FIRST_HEAD, pull_requests: [{ ...payload.check_run.pull_requests?.[0], number: 2 }] };
    payload.repository = realPayload("pull_request", "opened").repository;
    expect((await postWebhook(app.url, { event: "check_run", id: "rerun-1", payload, secret: SECRET })).status).toBe(200);
    await done(2);
    expect(delegateCalls()).toBe(2);
    expect(runOn(github.state, FIRST_HEAD)).toHaveLength(1);
    expect(run.history).toEqual(["failure", "in_progress", "failure"]);
    expectConforming(github.state);
    // Another check's Re-run is not ours.
    payload.check_run = { ...payload.check_run, name: "ci/build" };
    await postWebhook(app.url, { event: "check_run", id: "rerun-2", payload, secret: SECRET });
    await waitFor(async () => (await metricValue(app.url, "glm_review_skipped_total", 'reason="not_a_trigger"')) === 1, "the other check's Re-run skipped");
  }, 60_000);

  it("a malformed check_run key: the default (off) and a note in the summary, as for the other keys", async () => {
    const { github, opened, summary } = await findingsWorld(cleanup, { github: { configYaml: "check_run: {enabled: yes-please}\n" } });
    await opened();
    expect(github.state.checkRequests).toEqual([]);
    expect(summary()).toContain("check_run.enabled must be true or false");
  }, 60_000);

  it("a review past REVIEW_TIMEOUT_MS (fenced, given up) still ends its check: neutral, before any retry", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    cleanup.push(async () => release());
    const { github, app, summary } = await findingsWorld(cleanup, {
      env: { REVIEW_TIMEOUT_MS: "4000", JOB_MAX_ATTEMPTS: "1", GITHUB_REQUEST_TIMEOUT_MS: "60000" },
      // GitHub never answers the review's POST: the run is stuck past its deadline.
      github: { configYaml: GATE_HIGH, hold: (method: string, path: string) => (method === "POST" && /\/pulls\/2\/reviews$/.test(path) ? held : undefined) },
    });
    const payload = realPayload("pull_request", "opened");
    expect((await postWebhook(app.url, { id: "open-1", payload, secret: SECRET })).status).toBe(200);
    await waitFor(async () => (await metricValue(app.url, "glm_review_jobs_total", 'outcome="gave_up"')) === 1, "the review given up");
    const [run] = runOn(github.state, FIRST_HEAD);
    expect(run).toMatchObject({ status: "completed", conclusion: "neutral", output: { title: "Not fully reviewed (an app-side problem): nothing is blocked" } });
    expect(run.output.summary).toContain("did not finish within REVIEW_TIMEOUT_MS (4 s)");
    expect(summary()).toContain("Makes divide safe."); // the lead's part landed before the stall
    expectConforming(github.state);
  }, 60_000);

  it("two pushes in quick succession: every check run on every head ends in a conclusion", async () => {
    const { github, app, opened, push } = await findingsWorld(cleanup, { github: { configYaml: GATE_HIGH } });
    await opened();
    push("export const divide = (a: number, b: number) => a / b;\n");
    const third = "7a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
    await postWebhook(app.url, { id: "push-1", payload: pullRequestPush(SECOND_HEAD), secret: SECRET });
    github.state.headSha = third;
    await postWebhook(app.url, { id: "push-2", payload: pullRequestPush(third), secret: SECRET });
    await waitFor(async () => (await metricValue(app.url, "glm_review_jobs_total", 'outcome="done"')) + (await metricValue(app.url, "glm_review_skipped_total", 'reason="superseded_push"')) === 3, "both pushes settled");
    expect(runOn(github.state, third)).toHaveLength(1);
    expect(github.state.checkRuns.map((r: { status: string }) => r.status)).toEqual(github.state.checkRuns.map(() => "completed"));
    expectConforming(github.state);
  }, 60_000);

  it("a push the repository does not review (incremental: false) still gets its check on the new head, from the open findings", async () => {
    const { github, opened, push, app, done } = await findingsWorld(cleanup, { github: { configYaml: `${GATE_HIGH}incremental: false\n` } });
    await opened();
    push("export const divide = (a: number, b: number) => a / b;\n");
    await postWebhook(app.url, { id: "push-1", payload: pullRequestPush(SECOND_HEAD), secret: SECRET });
    await done(2);
    expect(runOn(github.state, SECOND_HEAD)).toEqual([expect.objectContaining({ status: "completed", conclusion: "failure", output: expect.objectContaining({ title: "1 open finding at or above high" }) })]);
    expect(runOn(github.state, SECOND_HEAD)[0].output.summary).toMatch(/^Not reviewed: push reviews are off \(incremental: false in the repo config\)\./);
    expect(github.state.reviews).toHaveLength(1);
  }, 60_000);
});
