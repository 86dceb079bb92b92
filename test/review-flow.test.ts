import nock from "nock";
import { describe, expect, it } from "@jest/globals";
import { HEAD_SHA, mockInstallationAndConfig, mockPullRequestRead, mockReviewCreate, mockSummaryWrites } from "./helpers/github-mock.js";
import { GOOD_FINDING, LEAD_TEXT, chatAnswer, delegateJson, mockDelegate, mockLead } from "./helpers/model-mock.js";
import { useMockedWorld } from "./helpers/mocked-world.js";
import { startTestApp } from "./helpers/test-server.js";
import { pullRequestOpened } from "./helpers/webhook-fixtures.js";

describe("a pull request opened: lead summary, one GLM-5.2 pass, compact review", () => {
  const world = useMockedWorld();

  it("posts the lead summary first, then one COMMENT review with a one-click suggestion, then edits the summary in place", async () => {
    const { captured, calls } = world;
    mockInstallationAndConfig();
    mockPullRequestRead();
    mockSummaryWrites(captured);
    mockLead(calls);
    mockDelegate(calls, { status: 200, body: chatAnswer(delegateJson(), { reasoning: "Let me think about b = 0..." }) });
    mockReviewCreate(captured);
    const app = (world.app = await startTestApp());

    const res = await app.deliver("pull_request", pullRequestOpened());
    expect(res.status).toBe(200);
    await app.glm.whenIdle();

    expect(nock.pendingMocks()).toEqual([]);
    // Exactly one lead call and one delegate call, each bounded.
    expect(calls.lead).toHaveLength(1);
    expect(calls.delegate).toHaveLength(1);
    expect(calls.delegate[0].model).toBe("@cf/zai-org/glm-5.2");
    expect(calls.delegate[0].max_tokens).toBe(8192);
    expect(calls.lead[0].max_tokens).toBe(600);
    const delegatePrompt = calls.delegate[0].messages[1].content as string;
    expect(delegatePrompt).toContain("2 +  if (b === 0) return 0;");
    expect(delegatePrompt).toContain(LEAD_TEXT.split("\n")[0]);
    expect(delegatePrompt).not.toContain("logo.png"); // binary: listed, not sent

    // Summary: created once with the lead's text, then edited in place with the outcome.
    expect(captured.comments.map((c) => c.method)).toEqual(["POST", "PATCH"]);
    expect(captured.comments[0]!.body).toContain("GLM-5.2 is reviewing the diff");
    expect(captured.comments[0]!.body).toContain("Makes `divide` return 0");
    const final = captured.comments[1]!.body;
    expect(final.startsWith("<!-- glm-review:summary -->")).toBe(true);
    expect(final).toContain("GLM-5.2 reviewed the diff in one pass and reported 1 finding.");
    expect(final).toContain("GLM-5.2: 2,000 tokens (1,200 in, 800 out, 500 reasoning)");
    expect(final).toContain("1,498,000 delegate tokens left today"); // DAILY_TOKEN_BUDGET alone: no prices are known for this endpoint
    expect(final).toContain("`assets/logo.png`: binary or no patch");

    // Review: COMMENT on the head commit, one inline comment on RIGHT line 2 with a suggestion block.
    expect(captured.reviews).toHaveLength(1);
    const review = captured.reviews[0];
    expect(review.event).toBe("COMMENT");
    expect(review.commit_id).toBe(HEAD_SHA);
    expect(review.comments).toHaveLength(1);
    expect(review.comments[0]).toMatchObject({ path: "src/math.ts", line: 2, side: "RIGHT" });
    expect(review.comments[0].start_line).toBeUndefined();
    expect(review.comments[0].body).toContain("```suggestion\n" + GOOD_FINDING.suggestion + "\n```");
    expect(review.comments[0].body).toContain("@\u200boctocat"); // model text never pings
  });
});
