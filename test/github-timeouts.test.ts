import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "@jest/globals";
import { startFakeGitHub } from "./fakes/fake-github.mjs";
import { completion, startFakeModel } from "./fakes/fake-model.mjs";
import { FORCED_GC, startAppProcess } from "./fakes/start-app-process.mjs";
import { MATH_PATCH } from "./helpers/github-mock.js";
import { metricValue } from "./helpers/observe.js";
import { pullRequestOpened } from "./helpers/webhook-fixtures.js";
import { postWebhook } from "./helpers/post-webhook.js";
import { waitFor } from "./helpers/wait-for.js";

const SECRET = "timeout-secret";
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const DELEGATE_ANSWER = JSON.stringify({ summary: "ok", findings: [{ path: "src/math.ts", line: 2, severity: "low", title: "Zero", suggestion: "  if (b === 0) throw new Error();" }] });
/**
 * Long enough for a normal review in the real process, whose writes Probot's throttling spaces out
 * (about 3 s between comment writes): a review here takes 4-6 s.
 */
const REVIEW_TIMEOUT_MS = 9_000;
const FILES = [{ filename: "src/math.ts", status: "modified", additions: 4, deletions: 1, changes: 5, patch: MATH_PATCH }];

/** A GitHub that accepts a request and never answers must not stop other pull requests' reviews. */
describe("GitHub calls that cannot hang the queue (the real process)", () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  /** PR 1's first files request is held (never answered until `release`); everything else answers. */
  async function setup(env: Record<string, string>, nodeArgs: string[] = []) {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstFilesRequest = true;
    const github = await startFakeGitHub({
      files: () => FILES,
      hold: (method, path) => {
        if (method !== "GET" || !/\/pulls\/1\/files$/.test(path) || !firstFilesRequest) return undefined;
        firstFilesRequest = false;
        return held;
      },
    });
    const model = await startFakeModel({ answer: (req) => ({ body: completion(req.model === "lead" ? "Summary." : DELEGATE_ANSWER) }) });
    cleanup.push(() => github.close(), () => model.close());
    const app = await startAppProcess({
      APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, GHE_HOST: github.host, GHE_PROTOCOL: "http",
      LLM_BASE_URL: model.baseUrl, LEAD_MODEL: "lead", DATA_DIR: mkdtempSync(join(tmpdir(), "glm-timeout-")),
      REVIEW_CONCURRENCY: "1", JOB_RETRY_BASE_MS: "200", ...env,
    }, undefined, { nodeArgs });
    cleanup.push(() => app.stop(), async () => release());
    return { github, model, app, release };
  }

  async function deliver(url: string, pull: number): Promise<number> {
    const payload = pullRequestOpened();
    payload.number = pull;
    payload.pull_request.number = pull;
    return (await postWebhook(url, { id: `pr-${pull}`, payload, secret: SECRET })).status;
  }

  const until = (check: () => boolean | Promise<boolean>, what: string, ms = 45_000) => waitFor(check, what, ms);

  const reviewsOf = (github: { state: { reviews: { pull: number }[] } }, pull: number) => github.state.reviews.filter((r) => r.pull === pull).length;

  it("REVIEW_TIMEOUT_MS: a review stuck on GitHub gives up its lane, the next PR is reviewed, the stuck one is retried, and its late run writes nothing", async () => {
    const { github, app, release } = await setup({ REVIEW_TIMEOUT_MS: String(REVIEW_TIMEOUT_MS), GITHUB_REQUEST_TIMEOUT_MS: "120000" });
    const started = Date.now();
    expect(await deliver(app.url, 1)).toBe(200);
    await until(() => github.state.requests.some((r: any) => r.path.endsWith("/pulls/1/files")), "PR 1's files request");
    expect(await deliver(app.url, 2)).toBe(200); // waits behind PR 1: one review slot
    await until(() => reviewsOf(github, 2) === 1, "PR 2's review while PR 1 hangs");
    const pr2ReviewedAfterMs = Date.now() - started;
    await until(() => reviewsOf(github, 1) === 1, "PR 1's retry");
    const pr1ReviewedAfterMs = Date.now() - started;
    await until(async () => (await metricValue(app.url, "glm_review_jobs_total", 'outcome="done"')) === 2, "both jobs done (PR 1's final summary written)");
    expect(await metricValue(app.url, "glm_review_failures_total", 'stage="review_timeout"')).toBe(1);
    expect(await metricValue(app.url, "glm_review_jobs_total", 'outcome="retried"')).toBe(1);

    // The abandoned first run gets its answer now: it goes on, and every write it tries is refused.
    // Writes: every request but reads (GET, and GraphQL queries, which are POSTs that change nothing).
    const isWrite = (r: any) => r.method !== "GET" && !(/\/graphql$/.test(r.path) && !/^\s*mutation\b/.test(r.body?.query ?? ""));
    const writesBefore = github.state.requests.filter(isWrite).length;
    release();
    // Its two summary writes (the lead's, then the final one, which ends the late run) are refused and counted.
    await until(async () => (await metricValue(app.url, "glm_review_failures_total", 'stage="write_fenced"')) === 2, "the late run's refused writes");
    const lateWrites = github.state.requests.filter(isWrite).length - writesBefore;
    expect(lateWrites).toBe(0);
    expect(reviewsOf(github, 1)).toBe(1);
    expect(github.state.comments.filter((c: any) => c.issue === 1)).toHaveLength(1);
    console.info(`PR 2 reviewed after ${pr2ReviewedAfterMs} ms while PR 1 hung; PR 1 reviewed after ${pr1ReviewedAfterMs} ms (REVIEW_TIMEOUT_MS ${REVIEW_TIMEOUT_MS})`);
  }, 120_000);

  // 4 s is long enough for several collections to run first (one every 200 ms): a timeout signal that
  // nothing holds strongly is collected and never fires (Node 20), which a 500 ms timeout never showed.
  it("GITHUB_REQUEST_TIMEOUT_MS: a request that never answers is aborted and retried, and the review lands, with garbage collected all along", async () => {
    const { github, app } = await setup({ GITHUB_REQUEST_TIMEOUT_MS: "4000" }, FORCED_GC);
    const started = Date.now();
    expect(await deliver(app.url, 1)).toBe(200);
    await until(() => reviewsOf(github, 1) === 1, "PR 1's review after the request retry", 40_000);
    const files: { at: number }[] = github.state.requests.filter((r: any) => r.path.endsWith("/pulls/1/files"));
    expect(files).toHaveLength(2);
    expect(files[1]!.at - files[0]!.at).toBeGreaterThanOrEqual(3_900);
    // The held request was given up at its own timeout, not by the job's retry or the review deadline.
    expect(await metricValue(app.url, "glm_review_jobs_total", 'outcome="retried"')).toBe(0); // Octokit's retry, not the job's
    expect(await metricValue(app.url, "glm_review_failures_total", 'stage="review_timeout"')).toBe(0);
    console.info(`PR 1 reviewed after ${Date.now() - started} ms with one files request timed out (GITHUB_REQUEST_TIMEOUT_MS 4000, gc every 200 ms)`);
  }, 60_000);
});
