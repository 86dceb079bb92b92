import { generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "@jest/globals";
import { startFakeGitHub } from "./fakes/fake-github.mjs";
import { completion, startFakeModel } from "./fakes/fake-model.mjs";
import { startFakeSmee } from "./fakes/fake-smee.mjs";
import { freePort, startAppProcess } from "./fakes/start-app-process.mjs";
import { MATH_PATCH } from "./helpers/github-mock.js";
import { waitFor } from "./helpers/wait-for.js";
import { pullRequestOpened } from "./helpers/webhook-fixtures.js";
import { webhookHeaders } from "./helpers/post-webhook.js";

const SECRET = "proxy-secret";
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

/** WEBHOOK_PROXY_URL through the real process (`node lib/main.js`): a channel outage never stops the app. */
describe("a webhook proxy channel that goes away", () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function startApp(proxyUrl: string) {
    const github = await startFakeGitHub({ files: () => [{ filename: "src/math.ts", status: "modified", additions: 4, deletions: 1, changes: 5, patch: MATH_PATCH }] });
    const model = await startFakeModel({ answer: (req) => ({ body: completion(req.model === "lead" ? "Summary." : JSON.stringify({ summary: "ok", findings: [] })) }) });
    cleanup.push(() => github.close(), () => model.close());
    const app = await startAppProcess({
      APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, GHE_HOST: github.host, GHE_PROTOCOL: "http", LLM_BASE_URL: model.baseUrl, LEAD_MODEL: "lead",
      DATA_DIR: mkdtempSync(join(tmpdir(), "glm-proxy-")), WEBHOOK_PROXY_URL: proxyUrl, LOG_LEVEL: "info", LOG_FORMAT: "json",
    });
    cleanup.push(() => app.stop());
    const lines = () => app.output().split("\n").filter((l) => l.trim() !== "");
    const warnings = (text: string) => lines().filter((l) => l.includes(text) && JSON.parse(l).level === 40);
    return { github, app, lines, warnings };
  }

  function relayReview(smee: Awaited<ReturnType<typeof startFakeSmee>>, pull: number) {
    const payload = pullRequestOpened();
    payload.number = pull;
    payload.pull_request.number = pull;
    const raw = JSON.stringify(payload);
    const headers = webhookHeaders("pull_request", randomUUID(), raw, SECRET);
    return smee.relay(headers, payload);
  }

  it("a channel that answers 503 at start: the app serves, one warn line while it retries, one when it is back, then webhooks flow", async () => {
    const smee = await startFakeSmee({ status: 503 });
    cleanup.push(() => smee.close());
    const { github, app, warnings } = await startApp(smee.url);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    await waitFor(() => smee.attempts() >= 3, "three connection attempts (retried with backoff)", 20_000);
    expect(warnings("unreachable")).toHaveLength(1);
    expect(warnings("unreachable")[0]).toContain("unreachable (Non-200 status code (503))");
    expect(app.output()).not.toContain("ErrorEvent");

    smee.serve();
    await waitFor(() => warnings("connected again").length === 1, "the channel back", 20_000);
    expect(relayReview(smee, 1)).toBe(1);
    await waitFor(() => github.state.reviews.length + github.state.comments.length > 0, "the relayed webhook's review", 20_000);
  }, 60_000);

  it("a refused connection at start, then a channel lost mid-run: one warn line for each change, and the app never exits", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/glm-review-channel`;
    const { app, warnings } = await startApp(url);
    await waitFor(() => warnings("unreachable").length === 1, "the unreachable line");
    expect(warnings("unreachable")[0]).toMatch(/ECONNREFUSED|fetch failed/);

    let smee = await startFakeSmee({ port });
    await waitFor(() => warnings("connected again").length === 1, "the channel back", 20_000);
    await smee.close();
    await waitFor(() => warnings(": lost (").length === 1, "the lost line", 20_000);
    smee = await startFakeSmee({ port });
    cleanup.push(() => smee.close());
    await waitFor(() => warnings("connected again").length === 2, "the channel back again", 20_000);
    expect(warnings("unreachable")).toHaveLength(1);
    expect(warnings(": lost (")).toHaveLength(1);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  }, 60_000);

  it("a host that does not resolve: the app starts and says so in one line", async () => {
    const { app, warnings } = await startApp("http://smee.invalid/glm-review-channel");
    await waitFor(() => warnings("unreachable").length === 1, "the unreachable line");
    expect(warnings("unreachable")[0]).toContain("webhook proxy smee.invalid: unreachable");
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  }, 30_000);
});
