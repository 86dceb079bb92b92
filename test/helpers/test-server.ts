import { generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { Probot, ProbotOctokit, Server } from "probot";
import { createGlmReview, type GlmReview } from "../../src/create-glm-review.js";
// Probot's Server treats port 0 as "default 3000": ask the OS for a free port first.
import { freePort } from "../fakes/start-app-process.mjs";
import { signatureOf } from "./post-webhook.js";

export const WEBHOOK_SECRET = "test-secret";
export const LLM_BASE = "https://llm.test/v1";
export const { privateKey: PRIVATE_KEY } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

export function sign(body: string, secret = WEBHOOK_SECRET): string {
  return signatureOf(body, secret);
}

/** Retries and Probot's hidden throttling (3 s between comment writes) off, so tests see each request once. */
const TestOctokit = (ProbotOctokit as any).defaults((options: any) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...options.throttle, enabled: false },
}));

export const baseEnv = (dataDir: string): NodeJS.ProcessEnv => ({
  LLM_BASE_URL: LLM_BASE,
  LLM_API_KEY: "llm-key",
  LEAD_MODEL: "lead-small",
  DATA_DIR: dataDir,
});

export interface TestApp {
  url: string;
  glm: GlmReview;
  dataDir: string;
  deliver(event: string, payload: unknown, options?: { id?: string; signature?: string }): Promise<Response>;
  stop(): Promise<void>;
}

export const newDataDir = () => mkdtempSync(join(tmpdir(), "glm-review-test-"));

/** The real Probot server with the app loaded, on a free loopback port. */
export async function startTestApp(env: NodeJS.ProcessEnv = {}, options: { dataDir?: string; now?: () => Date } = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? newDataDir();
  const glm = createGlmReview({ ...baseEnv(dataDir), ...env }, { now: options.now });
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const server = new Server({
    host: "127.0.0.1",
    port: await freePort(),
    log,
    Probot: Probot.defaults({ appId: 1, privateKey: PRIVATE_KEY, secret: WEBHOOK_SECRET, Octokit: TestOctokit, log }),
  });
  await server.load(glm.app);
  await server.start();
  const url = `http://127.0.0.1:${server.port}`;
  return {
    url,
    glm,
    dataDir,
    deliver: (event, payload, opts = {}) => {
      const body = JSON.stringify(payload);
      return fetch(`${url}/api/github/webhooks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": event,
          "x-github-delivery": opts.id ?? randomUUID(),
          "x-hub-signature-256": opts.signature ?? sign(body),
        },
        body,
      });
    },
    stop: async () => {
      await glm.close();
      await server.stop();
    },
  };
}
