import nock from "nock";
import { describe, expect, it } from "@jest/globals";
import { GITHUB, HEAD_SHA, MATH_PATCH, OWNER, PR, REPO, mockInstallationAndConfig, mockPullRequestRead, mockReviewCreate, mockSummaryWrites } from "./helpers/github-mock.js";
import { chatAnswer, delegateJson, mockDelegate, mockLead } from "./helpers/model-mock.js";
import { useMockedWorld } from "./helpers/mocked-world.js";
import { newDataDir, startTestApp } from "./helpers/test-server.js";
import { realPayload } from "./helpers/webhook-fixtures.js";
import { SqliteReviewStore } from "../src/store/sqlite-review-store.js";
import { fingerprintFinding } from "../src/pipeline/placement/fingerprint-finding.js";
import { buildDiffModel } from "../src/review/diff/build-diff-model.js";

const repoPath = `/repos/${OWNER}/${REPO}`;
const REVIEWED = "1111111111111111111111111111111111111111";
const prKey = `${OWNER}/${REPO}#${PR}`.toLowerCase();

const NEW_PATCH = ["@@ -1,2 +1,4 @@", " export const one = 1;", "+export const cache = new Map();", "+export function get(k: string) { return cache.get(k)!; }", " export const two = 2;"].join("\n");
const PR_FILES = [
  { filename: "src/math.ts", status: "modified", additions: 4, deletions: 1, changes: 5, patch: MATH_PATCH },
  { filename: "src/cache.ts", status: "modified", additions: 2, deletions: 0, changes: 2, patch: NEW_PATCH },
];

function push(after = HEAD_SHA): any {
  const payload = realPayload("pull_request", "synchronize");
  payload.number = PR;
  payload.pull_request.number = PR;
  payload.after = after;
  payload.pull_request.head.sha = after;
  return payload;
}

function mockCompare(response: Record<string, unknown>): void {
  nock(GITHUB).get(`${repoPath}/compare/${REVIEWED}...${HEAD_SHA}`).reply(200, {
    base_commit: { sha: REVIEWED, commit: { tree: { sha: "tree-old" } } },
    commits: [{ sha: HEAD_SHA, commit: { tree: { sha: "tree-new" } } }],
    total_commits: 1,
    ...response,
  });
}

describe("pushes: debounced, incremental, never the same finding twice", () => {
  let dataDir: string;
  const world = useMockedWorld(() => {
    dataDir = newDataDir();
  });

  async function seedReviewedHead(): Promise<void> {
    const store = new SqliteReviewStore(dataDir);
    await store.recordReviewedHead(prKey, REVIEWED);
    await store.close();
  }

  it("a burst of pushes gives one review, of the last push", async () => {
    mockInstallationAndConfig();
    mockPullRequestRead(PR_FILES);
    mockSummaryWrites(world.captured);
    mockLead(world.calls);
    mockDelegate(world.calls, { status: 200, body: chatAnswer(delegateJson([])) });
    world.app = await startTestApp({ SYNC_DEBOUNCE_MS: "300" }, { dataDir });
    for (const [i, sha] of ["a".repeat(40), "b".repeat(40), HEAD_SHA].entries()) {
      expect((await world.app.deliver("pull_request", push(sha), { id: `push-${i}` })).status).toBe(200);
    }
    await world.app.glm.whenIdle();
    expect(world.calls.lead).toHaveLength(1);
    expect(world.calls.delegate).toHaveLength(1);
    const metrics = await (await fetch(`${world.app.url}/metrics`)).text();
    expect(metrics).toMatch(/glm_review_skipped_total\{reason="superseded_push"\} 2/);
  });

  it("an incremental review sends only the new commit's lines and says so", async () => {
    await seedReviewedHead();
    mockInstallationAndConfig();
    mockPullRequestRead(PR_FILES);
    mockCompare({ status: "ahead", files: [PR_FILES[1]] });
    mockSummaryWrites(world.captured);
    mockLead(world.calls);
    mockDelegate(world.calls, { status: 200, body: chatAnswer(delegateJson([{ path: "src/cache.ts", line: 3, severity: "medium", title: "Non-null assertion on a missing key", suggestion: "export function get(k: string) { return cache.get(k); }" }])) });
    mockReviewCreate(world.captured);
    world.app = await startTestApp({ SYNC_DEBOUNCE_MS: "10" }, { dataDir });
    await world.app.deliver("pull_request", push());
    await world.app.glm.whenIdle();

    const diffSection = (content: string) => /<<<BEGIN diff (\w+)\n([\s\S]*?)\n<<<END diff \1/.exec(content)?.[2] ?? "";
    const delegateDiff = diffSection(world.calls.delegate[0].messages[1].content);
    expect(delegateDiff).toContain("3 +export function get(k: string)");
    expect(delegateDiff).not.toContain("divide");
    expect(diffSection(world.calls.lead[0].messages[1].content)).not.toContain("divide");
    expect(world.captured.reviews[0].comments).toEqual([expect.objectContaining({ path: "src/cache.ts", line: 3 })]);
    expect(world.captured.comments.at(-1)!.body).toContain("Reviewed the 1 new commit since `1111111` (1 file); earlier findings are not repeated.");
    const store = new SqliteReviewStore(dataDir);
    expect(await store.lastReviewedHead(prKey)).toBe(HEAD_SHA);
    await store.close();
  });

  it("a force-push that changes no file is skipped without a model call", async () => {
    await seedReviewedHead();
    mockInstallationAndConfig();
    mockPullRequestRead(PR_FILES);
    mockCompare({ status: "diverged", base_commit: { sha: REVIEWED, commit: { tree: { sha: "same-tree" } } }, commits: [{ sha: HEAD_SHA, commit: { tree: { sha: "same-tree" } } }], files: [] });
    world.app = await startTestApp({ SYNC_DEBOUNCE_MS: "10" }, { dataDir });
    await world.app.deliver("pull_request", push());
    await world.app.glm.whenIdle();
    expect(world.calls.lead).toHaveLength(0);
    expect(world.calls.delegate).toHaveLength(0);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("a rebased branch is reviewed whole, without repeating a finding already posted", async () => {
    await seedReviewedHead();
    const finding = { path: "src/math.ts", line: 2, severity: "high", title: "Zero hides errors" };
    const store = new SqliteReviewStore(dataDir);
    const diff = buildDiffModel(PR_FILES, []);
    await store.recordPostedFindings(prKey, [fingerprintFinding({ ...finding, severity: "high", startLine: undefined, rootCause: "", suggestion: undefined }, diff)]);
    await store.close();
    mockInstallationAndConfig();
    mockPullRequestRead(PR_FILES);
    mockCompare({ status: "diverged" });
    mockSummaryWrites(world.captured);
    mockLead(world.calls);
    mockDelegate(world.calls, { status: 200, body: chatAnswer(delegateJson([{ ...finding, title: "Worded differently this time" }])) });
    world.app = await startTestApp({ SYNC_DEBOUNCE_MS: "10" }, { dataDir });
    await world.app.deliver("pull_request", push());
    await world.app.glm.whenIdle();
    expect(world.calls.delegate[0].messages[1].content).toContain("divide");
    expect(world.captured.reviews).toHaveLength(0);
    const final = world.captured.comments.at(-1)!.body;
    expect(final).toContain("The branch history was rewritten since the last review");
    expect(final).toContain("1 finding already commented on earlier in this PR is not repeated.");
  });

  it("incremental: false turns push reviews off", async () => {
    mockInstallationAndConfig({ status: 200, body: "incremental: false\n" });
    world.app = await startTestApp({ SYNC_DEBOUNCE_MS: "10" }, { dataDir });
    await world.app.deliver("pull_request", push());
    await world.app.glm.whenIdle();
    expect(world.calls.lead).toHaveLength(0);
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe("fingerprintFinding", () => {
  const finding = { path: "a.ts", startLine: undefined, line: 2, severity: "high" as const, title: "t", rootCause: "", suggestion: undefined };
  it("is the same when the code moved down the file, and differs for other code", () => {
    const before = buildDiffModel([{ filename: "a.ts", status: "modified", additions: 1, deletions: 0, changes: 1, patch: "@@ -1,1 +1,2 @@\n a\n+  risky(x);" }], []);
    const after = buildDiffModel([{ filename: "a.ts", status: "modified", additions: 3, deletions: 0, changes: 3, patch: "@@ -1,1 +1,4 @@\n a\n+b\n+c\n+risky(x);" }], []);
    expect(fingerprintFinding(finding, before)).toBe(fingerprintFinding({ ...finding, line: 4, title: "other words" }, after));
    expect(fingerprintFinding(finding, before)).not.toBe(fingerprintFinding({ ...finding, line: 3 }, after));
  });
});
