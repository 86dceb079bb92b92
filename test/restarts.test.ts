import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "@jest/globals";
import { startFakeGitHub } from "./fakes/fake-github.mjs";
import { completion, startFakeModel } from "./fakes/fake-model.mjs";
import { startAppProcess } from "./fakes/start-app-process.mjs";
import { MATH_PATCH } from "./helpers/github-mock.js";
import { metricValue } from "./helpers/observe.js";
import { pullRequestOpened } from "./helpers/webhook-fixtures.js";
import { postWebhook } from "./helpers/post-webhook.js";
import { waitFor } from "./helpers/wait-for.js";

const SECRET = "restart-secret";
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const DELEGATE_ANSWER = JSON.stringify({ summary: "ok", findings: [{ path: "src/math.ts", line: 2, severity: "low", title: "Zero", suggestion: "  if (b === 0) throw new Error();" }] });

/** Nothing accepted is lost: the real process killed or stopped mid-review, on one DATA_DIR. */
describe("restarts", () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });

  async function setup(slow: { lead: number; delegate: number }) {
    const github = await startFakeGitHub({ files: () => [{ filename: "src/math.ts", status: "modified", additions: 4, deletions: 1, changes: 5, patch: MATH_PATCH }] });
    const model = await startFakeModel({
      answer: (req) => (req.model === "lead" ? { body: completion("Summary."), delayMs: slow.lead } : { body: completion(DELEGATE_ANSWER), delayMs: slow.delegate }),
    });
    cleanup.push(() => github.close(), () => model.close());
    const env = {
      APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, GHE_HOST: github.host, GHE_PROTOCOL: "http",
      LLM_BASE_URL: model.baseUrl, LEAD_MODEL: "lead", DATA_DIR: mkdtempSync(join(tmpdir(), "glm-restart-")),
    };
    const start = async () => {
      const app = await startAppProcess(env);
      cleanup.push(() => app.stop());
      return app;
    };
    return { github, model, start };
  }

  async function deliver(url: string, id: string): Promise<number> {
    return (await postWebhook(url, { id, payload: pullRequestOpened(), secret: SECRET })).status;
  }

  const until = (check: () => boolean, what: string, ms = 20_000) => waitFor(check, what, ms);

  it("kill -9 while the lead runs: the next start runs the accepted job, the review lands once", async () => {
    const slow = { lead: 30_000, delegate: 0 };
    const { github, model, start } = await setup(slow);
    const first = await start();
    expect(await deliver(first.url, "kill-1")).toBe(200);
    await until(() => model.calls.length === 1, "the lead call");
    expect(await first.signal("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });

    slow.lead = 0;
    const second = await start();
    await until(() => github.state.reviews.length === 1 && github.state.comments.some((c: any) => c.body.includes("reported 1 finding")), "the review after restart");
    // The redelivery of the same id is still a duplicate after the restart.
    expect(await deliver(second.url, "kill-1")).toBe(200);
    expect(await metricValue(second.url, "glm_review_skipped_total", 'reason="duplicate_delivery"')).toBe(1); // counted before the answer
    expect(github.state.comments).toHaveLength(1);
    expect(github.state.reviews).toHaveLength(1);
    expect(model.calls.filter((c: any) => c.request.model !== "lead")).toHaveLength(1);
  }, 60_000);

  it("kill -9 during the GLM-5.2 call: not called again after the restart; the comment says so", async () => {
    const slow = { lead: 0, delegate: 30_000 };
    const { github, model, start } = await setup(slow);
    const first = await start();
    expect(await deliver(first.url, "kill-2")).toBe(200);
    await until(() => model.calls.some((c: any) => c.request.model !== "lead"), "the delegate call");
    await first.signal("SIGKILL");

    await start();
    await until(() => github.state.comments.some((c: any) => c.body.includes("interrupted by a restart")), "the summary after restart");
    expect(model.calls.filter((c: any) => c.request.model !== "lead")).toHaveLength(1);
    expect(github.state.comments).toHaveLength(1);
  }, 60_000);

  it("SIGTERM drains: the running review finishes, then the process exits 0", async () => {
    const { github, model, start } = await setup({ lead: 0, delegate: 1500 });
    const app = await start();
    expect(await deliver(app.url, "term-1")).toBe(200);
    await until(() => model.calls.some((c: any) => c.request.model !== "lead"), "the delegate call");
    const ended = await app.signal("SIGTERM");
    expect(ended).toEqual({ code: 0, signal: null });
    expect(github.state.reviews).toHaveLength(1);
    expect(github.state.comments.some((c: any) => c.body.includes("reported 1 finding"))).toBe(true);
  }, 60_000);
});
