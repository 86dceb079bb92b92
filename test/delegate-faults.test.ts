import { describe, expect, it } from "@jest/globals";
import { mockInstallationAndConfig, mockPullRequestRead, mockReviewCreate, mockSummaryWrites } from "./helpers/github-mock.js";
import { GOOD_FINDING, chatAnswer, delegateJson, mockDelegate, mockLead } from "./helpers/model-mock.js";
import { useMockedWorld } from "./helpers/mocked-world.js";

/** Every delegate fault must leave the lead's summary on the PR, say what happened, and post no review. */
describe("the fuse: delegate faults never lose the lead's summary", () => {
  const world = useMockedWorld((w) => {
    mockInstallationAndConfig();
    mockPullRequestRead();
    mockSummaryWrites(w.captured);
  });

  async function review(env: NodeJS.ProcessEnv = {}): Promise<string> {
    const { status, final } = await world.reviewOpened(env);
    expect(status).toBe(200);
    expect(world.calls.delegate.length).toBeLessThanOrEqual(1);
    expect(final).toContain("Makes `divide` return 0"); // the lead's summary landed
    return final;
  }

  it("429: says GLM-5.2 was rate limited, makes exactly one call (no SDK retry)", async () => {
    mockLead(world.calls);
    mockDelegate(world.calls, { status: 429, body: { error: { message: "Too many requests" } }, headers: { "retry-after": "1" } });
    const final = await review();
    expect(world.calls.delegate).toHaveLength(1);
    expect(final).toContain("GLM-5.2 was rate limited (429); this is the lead's summary only.");
    expect(world.captured.reviews).toHaveLength(0);
  });

  it("5xx: says GLM-5.2 failed with the status, one call only", async () => {
    mockLead(world.calls);
    mockDelegate(world.calls, { status: 503, body: { error: { message: "upstream overloaded" } } });
    const final = await review();
    expect(world.calls.delegate).toHaveLength(1);
    expect(final).toContain("GLM-5.2 failed (HTTP 503");
    expect(final).toContain("this is the lead's summary only.");
  });

  it("timeout: gives up after DELEGATE_TIMEOUT_MS and says so", async () => {
    mockLead(world.calls);
    mockDelegate(world.calls, { status: 200, body: chatAnswer(delegateJson()), delayMs: 3000 });
    const final = await review({ DELEGATE_TIMEOUT_MS: "300" });
    expect(final).toContain("GLM-5.2 did not answer within 300 ms (DELEGATE_TIMEOUT_MS)");
    expect(world.captured.reviews).toHaveLength(0);
    // A timed-out call may still be billed: its whole reservation stays spent.
    expect(final).not.toContain("1,500,000 delegate tokens left today");
  });

  it('finish_reason "length" with empty content: names the output budget setting, never an empty comment', async () => {
    mockLead(world.calls);
    mockDelegate(world.calls, {
      status: 200,
      body: chatAnswer("", { reasoning: "thinking ".repeat(50), finish: "length", usage: { prompt_tokens: 900, completion_tokens: 256, total_tokens: 1156 } }),
    });
    const final = await review({ DELEGATE_MAX_TOKENS: "256" });
    expect(world.calls.delegate[0].max_tokens).toBe(256);
    expect(final).toContain("GLM-5.2 spent its whole output budget (DELEGATE_MAX_TOKENS=256) on reasoning at DELEGATE_REASONING_EFFORT=high and gave no answer; raise DELEGATE_MAX_TOKENS or lower DELEGATE_REASONING_EFFORT.");
    expect(final).toContain("1,156 tokens");
    expect(world.captured.reviews).toHaveLength(0);
  });

  it("garbage answer: says the answer was not in the expected shape", async () => {
    mockLead(world.calls);
    mockDelegate(world.calls, { status: 200, body: chatAnswer("I think the code looks fine overall {not json") });
    const final = await review();
    expect(final).toContain("GLM-5.2 answered, but not in the expected JSON shape (no JSON object in the answer)");
    expect(world.captured.reviews).toHaveLength(0);
  });

  it("finding outside the diff: no inline comment (no 422), listed in the summary; invented paths dropped", async () => {
    mockLead(world.calls);
    const outside = { ...GOOD_FINDING, line: 40, start_line: 38, title: "Off-diff problem" };
    const invented = { ...GOOD_FINDING, path: "src/nowhere.ts", title: "Invented file" };
    mockDelegate(world.calls, { status: 200, body: chatAnswer(delegateJson([outside, invented])) });
    const final = await review();
    expect(world.captured.reviews).toHaveLength(0);
    expect(final).toContain("`src/math.ts:L38-L40`: Off-diff problem (line not in the diff, so not inline)");
    expect(final).toContain("1 finding named files that are not in this PR and was dropped.");
    expect(final).not.toContain("Invented file");
  });

  it("multi-line finding inside one hunk: start_line and line on the RIGHT side", async () => {
    mockLead(world.calls);
    mockDelegate(world.calls, { status: 200, body: chatAnswer(delegateJson([{ ...GOOD_FINDING, start_line: 2, line: 4, suggestion: "  return b === 0 ? NaN : a / b;" }])) });
    mockReviewCreate(world.captured);
    await review();
    expect(world.captured.reviews[0].comments[0]).toMatchObject({ path: "src/math.ts", start_line: 2, start_side: "RIGHT", line: 4, side: "RIGHT" });
  });

  it("daily budget spent: the delegate is not called and the comment says when it resets", async () => {
    mockLead(world.calls);
    const final = await review({ DAILY_TOKEN_BUDGET: "5000" });
    expect(world.calls.delegate).toHaveLength(0);
    expect(final).toContain("GLM-5.2 was not called: today's delegate budget (DAILY_TOKEN_BUDGET=5,000)");
    expect(final).toContain("resets at 00:00 UTC");
  });

  it("lead failure: the summary is a file list with the reason, and the delegate still runs", async () => {
    mockLead(world.calls, { status: 500, body: { error: { message: "lead down" } } });
    mockLead(world.calls, { status: 500, body: { error: { message: "lead down" } } });
    mockLead(world.calls, { status: 500, body: { error: { message: "lead down" } } });
    mockDelegate(world.calls, { status: 200, body: chatAnswer(delegateJson()) });
    mockReviewCreate(world.captured);
    const { final } = await world.reviewOpened();
    expect(final).toContain("The lead model (`lead-small`) gave no summary (HTTP 500");
    expect(final).toContain("- `src/math.ts` (modified, +4 -1)");
    expect(final).toContain("reported 1 finding");
    expect(world.calls.delegate).toHaveLength(1);
    expect(world.calls.delegate[0].messages[1].content).not.toContain("Lead's notes");
  });
});
