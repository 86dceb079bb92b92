import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startFakeGitHub } from "./fakes/fake-github.mjs";
import { completion, startFakeModel } from "./fakes/fake-model.mjs";
import { startAppProcess } from "./fakes/start-app-process.mjs";
import { pullRequestOpened } from "./helpers/webhook-fixtures.js";
import { MATH_PATCH } from "./helpers/github-mock.js";
import { postWebhook } from "./helpers/post-webhook.js";
import { waitFor } from "./helpers/wait-for.js";

const SECRET = "e2e-secret";

/** The real server (`node lib/main.js`, as `npm start` runs it) against fakes on 127.0.0.1 only. */
describe("end to end: webhook over HTTP in, summary and review out", () => {
  let github: Awaited<ReturnType<typeof startFakeGitHub>>;
  let model: Awaited<ReturnType<typeof startFakeModel>>;
  let app: Awaited<ReturnType<typeof startAppProcess>>;

  beforeAll(async () => {
    github = await startFakeGitHub({ files: { 2: [{ filename: "src/math.ts", status: "modified", additions: 4, deletions: 1, changes: 5, patch: MATH_PATCH }] } });
    model = await startFakeModel({
      answer: (req) =>
        req.model === "lead-small"
          ? { body: completion("Adds a zero check to `divide`.\n\n- src/math.ts: behaviour for b = 0 changes.") }
          : {
              body: completion(
                JSON.stringify({
                  summary: "One defect.",
                  findings: [{ path: "src/math.ts", line: 2, severity: "medium", title: "Zero hides errors", root_cause: "Returns 0.", suggestion: "  if (b === 0) throw new RangeError('b');" }],
                }),
                { reasoning: "b can be zero..." },
              ),
            },
    });
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    app = await startAppProcess({
      APP_ID: "1",
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: SECRET,
      GHE_HOST: github.host,
      GHE_PROTOCOL: "http",
      LLM_BASE_URL: model.baseUrl,
      LLM_API_KEY: "e2e-key",
      LEAD_MODEL: "lead-small",
      DATA_DIR: mkdtempSync(join(tmpdir(), "glm-e2e-")),
    });
  }, 30_000);

  afterAll(async () => {
    await app?.stop();
    await github?.close();
    await model?.close();
  });

  const deliver = (id: string, payload: unknown, secret = SECRET) => postWebhook(app.url, { id, payload, secret });
  const until = (check: () => boolean, what: string) => waitFor(check, what, 15_000);

  it("serves /healthz and /metrics", async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${app.url}/metrics`)).text()).toContain("glm_review_reviews_total");
  });

  it("rejects a bad signature with 400 and does nothing", async () => {
    const before = github.state.requests.length;
    const res = await deliver("e2e-bad", pullRequestOpened(), "not-the-secret");
    expect(res.status).toBe(400);
    expect(github.state.requests.length).toBe(before);
  });

  it("reviews an opened PR: one summary, edited in place, and one COMMENT review with a suggestion", async () => {
    const res = await deliver("e2e-1", pullRequestOpened());
    expect(res.status).toBe(200);
    await until(() => github.state.comments.some((c: any) => c.body.includes("reported 1 finding")), "the final summary");
    await until(() => github.state.reviews.length === 1, "the review");
    expect(github.state.comments).toHaveLength(1);
    expect((github.state.comments[0] as any).body).toContain("Adds a zero check to `divide`.");
    const review = github.state.reviews[0] as any;
    expect(review.event).toBe("COMMENT");
    expect(review.comments).toEqual([
      expect.objectContaining({ path: "src/math.ts", line: 2, side: "RIGHT", body: expect.stringContaining("```suggestion\n  if (b === 0) throw new RangeError('b');\n```") }),
    ]);
    const delegateCalls = model.calls.filter((c: any) => c.request.model === "@cf/zai-org/glm-5.2");
    expect(delegateCalls).toHaveLength(1);
    expect(delegateCalls[0].authorization).toBe("Bearer e2e-key");

    // A redelivery of the same id: answered, not reviewed again.
    expect((await deliver("e2e-1", pullRequestOpened())).status).toBe(200);
    // A new delivery (reopened): the same summary comment is edited, never a second one, and the
    // same finding on the same code is not posted again.
    const reopened = pullRequestOpened();
    reopened.action = "reopened";
    expect((await deliver("e2e-2", reopened)).status).toBe(200);
    await until(() => github.state.comments.some((c: any) => c.body.includes("1 finding already commented on earlier in this PR is not repeated")), "the second summary");
    expect(github.state.comments).toHaveLength(1);
    expect(github.state.reviews).toHaveLength(1);
    expect(model.calls.filter((c: any) => c.request.model === "@cf/zai-org/glm-5.2")).toHaveLength(2);
  });
});

describe("end to end: GitHub's secondary rate limit", () => {
  it("the write is retried after retry-after (Octokit's throttling plugin, configured), not lost", async () => {
    let refused = 0;
    const github = await startFakeGitHub({
      files: { 2: [{ filename: "src/math.ts", status: "modified", additions: 4, deletions: 1, changes: 5, patch: MATH_PATCH }] },
      // The first review write meets a secondary rate limit, as GitHub answers it.
      intercept: (method: string, path: string) => {
        if (method !== "POST" || !path.endsWith("/pulls/2/reviews") || refused++ > 0) return undefined;
        return [403, { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." }, { "retry-after": "1" }];
      },
    });
    const finding = { path: "src/math.ts", line: 2, severity: "medium", title: "Zero", suggestion: "  if (b === 0) throw new RangeError('b');" };
    const model = await startFakeModel({ answer: (req) => ({ body: completion(req.model === "lead-small" ? "Summary." : JSON.stringify({ summary: "One.", findings: [finding] })) }) });
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const app = await startAppProcess({
      APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, GHE_HOST: github.host, GHE_PROTOCOL: "http",
      LLM_BASE_URL: model.baseUrl, LEAD_MODEL: "lead-small", DATA_DIR: mkdtempSync(join(tmpdir(), "glm-e2e-")),
    });
    try {
      await postWebhook(app.url, { id: "secondary-1", payload: pullRequestOpened(), secret: SECRET });
      await waitFor(() => github.state.comments.some((c: any) => c.body.includes("reported 1 finding")), "the final summary");
      const reviewPosts: any[] = github.state.requests.filter((r: any) => r.method === "POST" && r.path.endsWith("/pulls/2/reviews"));
      expect(reviewPosts).toHaveLength(2);
      expect(reviewPosts[1].at - reviewPosts[0].at).toBeGreaterThanOrEqual(900);
      expect(github.state.reviews).toHaveLength(1);
      expect(github.state.comments).toHaveLength(1);
      expect((github.state.comments[0] as any).body).not.toContain("GitHub refused");
      expect(app.output()).toContain("secondary rate limit");
    } finally {
      await app.stop();
      await github.close();
      await model.close();
    }
  }, 60_000);
});
