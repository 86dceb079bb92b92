import nock from "nock";
import { describe, expect, it } from "@jest/globals";
import { GITHUB, OWNER, PR, REPO, mockInstallationAndConfig, mockPullRequestRead, mockReviewCreate, mockSummaryWrites } from "./helpers/github-mock.js";
import { chatAnswer, delegateJson, mockDelegate, mockLead } from "./helpers/model-mock.js";
import { useMockedWorld } from "./helpers/mocked-world.js";
import { metricValue, useUnmatchedRequests } from "./helpers/observe.js";
import { sign, startTestApp } from "./helpers/test-server.js";
import { pullRequestOpened, reviewCommand } from "./helpers/webhook-fixtures.js";

const repoPath = `/repos/${OWNER}/${REPO}`;

describe("who and what may trigger a review", () => {
  const world = useMockedWorld();
  const unmatched = useUnmatchedRequests();

  function mockFullReview(): void {
    mockPullRequestRead();
    mockSummaryWrites(world.captured);
    mockLead(world.calls);
    mockDelegate(world.calls, { status: 200, body: chatAnswer(delegateJson()) });
    mockReviewCreate(world.captured);
  }

  function mockPermission(login: string, permission: string, role_name = permission): void {
    nock(GITHUB).get(`${repoPath}/collaborators/${login}/permission`).reply(200, { permission, role_name, user: { login } });
  }

  it("a bad signature is rejected with 400 and causes no other work", async () => {
    world.app = await startTestApp();
    const payload = pullRequestOpened();
    const res = await world.app.deliver("pull_request", payload, { signature: sign(JSON.stringify(payload), "wrong-secret") });
    expect(res.status).toBe(400);
    await world.app.glm.whenIdle();
    expect(unmatched.list).toEqual([]); // not one request left the app
    expect(await metricValue(world.app.url, "glm_review_jobs_total", 'outcome="done"')).toBe(0);
    expect(await metricValue(world.app.url, "glm_review_skipped_total", 'reason="not_a_trigger"')).toBe(0); // never reached the handlers
  });

  it("/glm review from a bot is ignored without a single GitHub request", async () => {
    world.app = await startTestApp();
    const res = await world.app.deliver("issue_comment", reviewCommand("/glm review", { login: "glm-review[bot]", type: "Bot" }));
    expect(res.status).toBe(200);
    await world.app.glm.whenIdle();
    expect(world.calls.delegate).toHaveLength(0);
    expect(await (await fetch(`${world.app.url}/metrics`)).text()).toMatch(/glm_review_skipped_total\{reason="bot"\} 1/);
  });

  it("/glm review from a read-only user gets a short reply and no review", async () => {
    mockInstallationAndConfig();
    mockPermission("reader", "read");
    nock(GITHUB)
      .post(`${repoPath}/issues/${PR}/comments`, (b) => (world.captured.replies.push(b.body), true))
      .reply(201, { id: 5 });
    world.app = await startTestApp();
    const payload = reviewCommand("/glm review", { login: "reader", type: "User" });
    payload.issue.number = PR;
    await world.app.deliver("issue_comment", payload);
    await world.app.glm.whenIdle();
    expect(world.captured.replies).toEqual(["@reader `/glm review` can be run by people with write, maintain or admin access to this repository."]);
    expect(world.calls.lead).toHaveLength(0);
    expect(world.calls.delegate).toHaveLength(0);
  });

  it("/glm review from a maintainer: eyes reaction at once, then the review", async () => {
    mockInstallationAndConfig();
    mockPermission("Codertocat", "write", "maintain");
    const payload = reviewCommand("/glm review please");
    payload.issue.number = PR;
    nock(GITHUB)
      .post(`${repoPath}/issues/comments/${payload.comment.id}/reactions`, (b) => (world.captured.reactions.push(b.content), true))
      .reply(201, { id: 1, content: "eyes" });
    mockFullReview();
    world.app = await startTestApp();
    await world.app.deliver("issue_comment", payload);
    await world.app.glm.whenIdle();
    expect(world.captured.reactions).toEqual(["eyes"]);
    expect(world.calls.delegate).toHaveLength(1);
    expect(world.captured.reviews).toHaveLength(1);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("a command whose review fails after the gate is retried without asking for permission or reacting again", async () => {
    mockInstallationAndConfig();
    mockInstallationAndConfig(); // the repo config is read again by the retry
    mockPermission("Codertocat", "write"); // answered once: a second check would be an unmatched request
    const payload = reviewCommand();
    payload.issue.number = PR;
    nock(GITHUB).post(`${repoPath}/issues/comments/${payload.comment.id}/reactions`).reply(201, { id: 1, content: "eyes" });
    nock(GITHUB).get(`${repoPath}/pulls/${PR}`).reply(502, { message: "Bad Gateway" });
    mockFullReview();
    world.app = await startTestApp({ JOB_RETRY_BASE_MS: "20" });
    await world.app.deliver("issue_comment", payload);
    await world.app.glm.whenIdle();
    expect(await metricValue(world.app.url, "glm_review_jobs_total", 'outcome="retried"')).toBe(1);
    expect(unmatched.list).toEqual([]);
    expect(world.captured.reviews).toHaveLength(1);
  });

  it("the eyes reaction failing does not stop the review", async () => {
    mockInstallationAndConfig();
    mockPermission("Codertocat", "admin");
    const payload = reviewCommand();
    payload.issue.number = PR;
    nock(GITHUB).post(`${repoPath}/issues/comments/${payload.comment.id}/reactions`).reply(403, { message: "Resource not accessible by integration" });
    mockFullReview();
    world.app = await startTestApp();
    await world.app.deliver("issue_comment", payload);
    await world.app.glm.whenIdle();
    expect(world.calls.delegate).toHaveLength(1);
    expect(world.captured.reviews).toHaveLength(1);
  });

  it("the permission check answering 5xx: the command is retried, then honoured", async () => {
    mockInstallationAndConfig();
    const payload = reviewCommand();
    payload.issue.number = PR;
    nock(GITHUB).get(`${repoPath}/collaborators/Codertocat/permission`).reply(502, { message: "Bad Gateway" });
    mockPermission("Codertocat", "write");
    nock(GITHUB).post(`${repoPath}/issues/comments/${payload.comment.id}/reactions`).reply(201, { id: 1, content: "eyes" });
    mockFullReview();
    world.app = await startTestApp({ JOB_RETRY_BASE_MS: "20" });
    await world.app.deliver("issue_comment", payload);
    await world.app.glm.whenIdle();
    expect(world.calls.delegate).toHaveLength(1);
    expect(world.captured.replies).toEqual([]); // never refused because GitHub hiccupped
    expect(await (await fetch(`${world.app.url}/metrics`)).text()).toMatch(/glm_review_jobs_total\{outcome="retried"\} 1/);
  });

  it("the repo config read answering 5xx: a clear note in the summary, and the defaults", async () => {
    mockInstallationAndConfig({ status: 500 });
    mockFullReview();
    const { final } = await world.reviewOpened();
    expect(final).toContain("the file could not be read (");
    expect(final).toContain("all defaults apply");
    expect(world.captured.reviews).toHaveLength(1);
  });

  it("a comment that only mentions the command later is not a command", async () => {
    world.app = await startTestApp({ JOB_RETRY_BASE_MS: "20" }); // a command accepted anyway fails fast
    await world.app.deliver("issue_comment", reviewCommand("Could someone run /glm review please"));
    await world.app.glm.whenIdle();
    expect(await metricValue(world.app.url, "glm_review_skipped_total", 'reason="not_a_trigger"')).toBe(1);
    expect(unmatched.list).toEqual([]); // no permission check, no reaction, no review
  });

  it("the same X-GitHub-Delivery twice gives one review, also across a restart", async () => {
    mockInstallationAndConfig();
    mockFullReview();
    world.app = await startTestApp();
    const first = await world.app.deliver("pull_request", pullRequestOpened(), { id: "delivery-1" });
    const again = await world.app.deliver("pull_request", pullRequestOpened(), { id: "delivery-1" });
    expect([first.status, again.status]).toEqual([200, 200]);
    await world.app.glm.whenIdle();
    const dataDir = world.app.dataDir;
    await world.app.stop();

    world.app = await startTestApp({}, { dataDir }); // a restart on the same DATA_DIR
    const afterRestart = await world.app.deliver("pull_request", pullRequestOpened(), { id: "delivery-1" });
    expect(afterRestart.status).toBe(200);
    await world.app.glm.whenIdle();
    expect(world.calls.delegate).toHaveLength(1);
    expect(world.captured.reviews).toHaveLength(1);
    expect(await metricValue(world.app.url, "glm_review_skipped_total", 'reason="duplicate_delivery"')).toBe(1);
  });

  it("a draft PR is skipped unless review_drafts is true", async () => {
    mockInstallationAndConfig();
    world.app = await startTestApp({ JOB_RETRY_BASE_MS: "20" }); // a review that ran anyway fails fast
    const draft = pullRequestOpened();
    draft.pull_request.draft = true;
    await world.app.deliver("pull_request", draft);
    await world.app.glm.whenIdle();
    expect(await metricValue(world.app.url, "glm_review_skipped_total", 'reason="draft"')).toBe(1);
    expect(unmatched.list).toEqual([]); // the PR was never read

    mockInstallationAndConfig({ status: 200, body: "review_drafts: true\n" });
    mockFullReview();
    await world.app.deliver("pull_request", draft);
    await world.app.glm.whenIdle();
    expect(world.calls.delegate).toHaveLength(1);
  });

  it("auto_review: false turns off reviews on open", async () => {
    mockInstallationAndConfig({ status: 200, body: "auto_review: false\n" });
    await world.reviewOpened({ JOB_RETRY_BASE_MS: "20" }); // a review that ran anyway would fail fast, not hide behind a timeout
    expect(await metricValue(world.app!.url, "glm_review_skipped_total", 'reason="auto_review_off"')).toBe(1);
    expect(await metricValue(world.app!.url, "glm_review_reviews_total", 'trigger="opened"')).toBe(0);
    expect(unmatched.list).toEqual([]);
  });

  it("a broken repo config: a clear note in the summary, and the defaults", async () => {
    mockInstallationAndConfig({ status: 200, body: "auto_review: [oops\nignore: {\n" });
    mockFullReview();
    const { final } = await world.reviewOpened();
    expect(final).toContain("`.github/glm-review.yml` has problems; defaults were used for them:");
    expect(final).toContain("the file is not valid YAML; all defaults apply");
    expect(world.captured.reviews).toHaveLength(1);
  });

  it("a repo's daily_token_cap keeps the delegate uncalled once it would be exceeded, and says which limit", async () => {
    mockInstallationAndConfig({ status: 200, body: "daily_token_cap: 5000\n" });
    mockPullRequestRead();
    mockSummaryWrites(world.captured);
    mockLead(world.calls);
    await world.reviewOpened();
    expect(world.calls.delegate).toHaveLength(0);
    expect(world.captured.comments.at(-1)!.body).toContain("GLM-5.2 was not called: this repository's daily cap (daily_token_cap=5,000 in .github/glm-review.yml) has 5,000 tokens left");
  });

  it("DAILY_BUDGET_USD: a review whose worst case does not fit today's dollars leaves the delegate uncalled and gives its tokens back", async () => {
    mockInstallationAndConfig();
    mockPullRequestRead();
    mockSummaryWrites(world.captured);
    mockLead(world.calls);
    // Worst case: the prompt plus DELEGATE_MAX_TOKENS (8,192) at $4.40 per million out is over $0.036: more than $0.03.
    await world.reviewOpened({ DELEGATE_PRICE_INPUT: "1.4", DELEGATE_PRICE_OUTPUT: "4.4", DAILY_BUDGET_USD: "0.03" });
    expect(world.calls.delegate).toHaveLength(0);
    const final = world.captured.comments.at(-1)!.body;
    expect(final).toMatch(/GLM-5\.2 was not called: today's delegate budget in dollars \(DAILY_BUDGET_USD=\$0\.03\) has \$0\.03 left and this review may cost up to \$0\.0[34]\d*; it resets at 00:00 UTC/);
    expect(final).toContain("$0.03 of $0.03 delegate budget left today");
    expect(await metricValue(world.app!.url, "glm_review_delegate_tokens_today")).toBe(0); // the token reservation was given back
  });

  it("DAILY_BUDGET_USD with room: the call is made, settled from its usage, and the footer says what is left in dollars", async () => {
    mockInstallationAndConfig();
    mockFullReview();
    // chatAnswer's usage: 1,200 prompt and 800 completion tokens → $0.00168 + $0.00352 = $0.0052.
    await world.reviewOpened({ DELEGATE_PRICE_INPUT: "1.4", DELEGATE_PRICE_OUTPUT: "4.4", DAILY_BUDGET_USD: "5" });
    expect(world.calls.delegate).toHaveLength(1);
    expect(world.captured.comments.at(-1)!.body).toContain("$4.99 of $5.00 delegate budget left today");
  });

  it("wrong types in the repo config: each bad key named, good keys kept", async () => {
    mockInstallationAndConfig({ status: 200, body: "max_findings: lots\nignore:\n  - 'src/**'\n" });
    mockPullRequestRead();
    mockSummaryWrites(world.captured);
    mockLead(world.calls);
    const { final } = await world.reviewOpened();
    expect(final).toContain("max_findings must be a number; using the default (10)");
    expect(final).toContain("`src/math.ts`: ignored by config");
    expect(world.calls.delegate).toHaveLength(0); // nothing left to review
    expect(final).toContain("GLM-5.2 was not called: no file in this PR has a reviewable diff.");
  });
});

describe("GitHub faults while posting", () => {
  const world = useMockedWorld((w) => {
    mockInstallationAndConfig();
    mockPullRequestRead();
    mockLead(w.calls);
  });

  it("a 5xx on creating the review: the findings go into the summary instead", async () => {
    mockSummaryWrites(world.captured);
    mockDelegate(world.calls, { status: 200, body: chatAnswer(delegateJson()) });
    mockReviewCreate(world.captured, 502);
    await world.reviewOpened();
    const final = world.captured.comments.at(-1)!.body;
    expect(final).toContain("Division by zero returns 0 silently (inline comment could not be posted, so not inline)");
    expect(final).toContain("GitHub did not accept the inline review (HTTP 502");
  });

  it("an existing summary comment is edited in place, never duplicated", async () => {
    const human = { id: 1, body: "<!-- glm-review:summary --> quoted by a human", user: { login: "Codertocat", type: "User" } };
    const ours = { id: 4242, body: "<!-- glm-review:summary -->\nold", user: { login: "glm-review[bot]", type: "Bot" } };
    nock(GITHUB).get(`${repoPath}/issues/${PR}/comments`).query(true).reply(200, [human, ours]);
    nock(GITHUB).persist().patch(`${repoPath}/issues/comments/4242`, (b) => (world.captured.comments.push({ method: "PATCH", body: b.body }), true)).reply(200, { id: 4242 });
    mockDelegate(world.calls, { status: 200, body: chatAnswer(delegateJson([])) });
    await world.reviewOpened();
    expect(world.captured.comments.map((c) => c.method)).toEqual(["PATCH", "PATCH"]);
    expect(world.captured.comments[1]!.body).toContain("reported no findings");
  });

  it("a 5xx on the final summary write: the job is retried, GLM-5.2 is not called again, the summary lands", async () => {
    // Attempt 1: both summary writes fail. Attempt 2: GitHub is back.
    mockSummaryWrites(world.captured, [], { createStatus: 500 });
    nock(GITHUB).get(`${repoPath}/issues/${PR}/comments`).query(true).reply(200, []);
    nock(GITHUB).post(`${repoPath}/issues/${PR}/comments`).reply(503, { message: "unavailable" });
    mockDelegate(world.calls, { status: 200, body: chatAnswer(delegateJson([])) });
    mockPullRequestRead();
    mockLead(world.calls);
    mockSummaryWrites(world.captured);
    await world.reviewOpened({ JOB_RETRY_BASE_MS: "20" });
    expect(world.calls.lead).toHaveLength(2);
    expect(world.calls.delegate).toHaveLength(1); // one billable call per trigger, across retries
    expect(world.captured.comments.at(-1)!.body).toContain("reported no findings");
    const metrics = await (await fetch(`${world.app!.url}/metrics`)).text();
    expect(metrics).toMatch(/glm_review_failures_total\{stage="review"\} 1/);
    expect(metrics).toMatch(/glm_review_jobs_total\{outcome="retried"\} 1/);
    expect(metrics).toMatch(/glm_review_jobs_total\{outcome="done"\} 1/);
    expect((await fetch(`${world.app!.url}/healthz`)).status).toBe(200);
  });

  it("a job that always fails ends after JOB_MAX_ATTEMPTS with a metric, never a hot loop", async () => {
    // The first attempt gets past pulls.get (mocked above) and fails on the unmocked comment list; the next two get a 500.
    nock(GITHUB).get(`${repoPath}/pulls/${PR}`).times(2).reply(500, { message: "boom" });
    await world.reviewOpened({ JOB_RETRY_BASE_MS: "20", JOB_MAX_ATTEMPTS: "3" });
    const metrics = await (await fetch(`${world.app!.url}/metrics`)).text();
    expect(metrics).toMatch(/glm_review_jobs_total\{outcome="retried"\} 2/);
    expect(metrics).toMatch(/glm_review_jobs_total\{outcome="gave_up"\} 1/);
    expect(world.calls.delegate).toHaveLength(0);
  });
});
