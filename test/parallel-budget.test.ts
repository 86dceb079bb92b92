import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startFakeGitHub } from "./fakes/fake-github.mjs";
import { completion, startFakeModel } from "./fakes/fake-model.mjs";
import { startAppProcess } from "./fakes/start-app-process.mjs";
import { MATH_PATCH } from "./helpers/github-mock.js";
import { pullRequestOpened } from "./helpers/webhook-fixtures.js";
import { postWebhook } from "./helpers/post-webhook.js";
import { waitFor } from "./helpers/wait-for.js";

const SECRET = "budget-secret";

/** Two reviews in parallel against a budget with room for one worst case: the delegate runs once. */
describe("the daily budget under parallel reviews", () => {
  let github: Awaited<ReturnType<typeof startFakeGitHub>>;
  let model: Awaited<ReturnType<typeof startFakeModel>>;
  let app: Awaited<ReturnType<typeof startAppProcess>>;

  beforeAll(async () => {
    github = await startFakeGitHub({ files: () => [{ filename: "src/math.ts", status: "modified", additions: 4, deletions: 1, changes: 5, patch: MATH_PATCH }] });
    // The delegate answers slowly (longer than Probot's ~3 s spacing of comment writes, which staggers the
    // two reviews) and reports a small usage: had the second review reserved after the first settled, it
    // would have fitted. Only a reservation held during the call refuses it.
    const small = { prompt_tokens: 50, completion_tokens: 50, total_tokens: 100 };
    model = await startFakeModel({
      answer: (req) => (req.model === "lead" ? { body: completion("Summary.") } : { body: completion('{"summary": "ok", "findings": []}', { usage: small }), delayMs: 6000 }),
    });
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    app = await startAppProcess({
      APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, GHE_HOST: github.host, GHE_PROTOCOL: "http",
      LLM_BASE_URL: model.baseUrl, LEAD_MODEL: "lead", REVIEW_CONCURRENCY: "2",
      DELEGATE_MAX_TOKENS: "2000", DAILY_TOKEN_BUDGET: "4000",
      DATA_DIR: mkdtempSync(join(tmpdir(), "glm-budget-")),
    });
  }, 30_000);

  afterAll(async () => {
    await app?.stop();
    await github?.close();
    await model?.close();
  });

  it("reserves before the call: one delegate call, the other review says the budget is spent", async () => {
    const send = (pull: number) => {
      const payload = pullRequestOpened();
      payload.number = pull;
      payload.pull_request.number = pull;
      return postWebhook(app.url, { id: `budget-${pull}`, payload, secret: SECRET });
    };
    const answers = await Promise.all([send(11), send(12)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const final = (pull: number) => github.state.comments.find((c: any) => c.issue === pull && !c.body.includes("is reviewing the diff"));
    await waitFor(() => Boolean(final(11) && final(12)), "both final summaries");
    const delegateCalls = model.calls.filter((c: any) => c.request.model !== "lead");
    expect(delegateCalls).toHaveLength(1);
    const bodies = [final(11), final(12)].map((c: any) => c.body as string);
    expect(bodies.filter((b) => b.includes("reviewed the diff in one pass"))).toHaveLength(1);
    expect(bodies.filter((b) => b.includes("today's delegate budget (DAILY_TOKEN_BUDGET=4,000)"))).toHaveLength(1);
  }, 40_000);
});
