import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, appendFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { afterEach, describe, expect, it } from "@jest/globals";
import { freePort, runAppToExit, startAppProcess } from "./fakes/start-app-process.mjs";
import { waitFor } from "./helpers/wait-for.js";
import { updateDotEnv } from "../src/startup/update-dot-env.js";

/** A brand-new install's checkout: the manifest and package.json, and a .env the user already began. */
function newInstall(dotEnv?: string): string {
  const cwd = mkdtempSync(join(tmpdir(), "glm-setup-"));
  copyFileSync("app.yml", join(cwd, "app.yml"));
  copyFileSync("package.json", join(cwd, "package.json"));
  if (dotEnv !== undefined) writeFileSync(join(cwd, ".env"), dotEnv);
  return cwd;
}

/** smee.io's "new channel" endpoint: HEAD /new answers a redirect to a fresh channel. */
async function startChannelService(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method === "HEAD" && req.url === "/new") return res.writeHead(307, { location: "https://smee.io/glmChannel123" }).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/new`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const manifestOf = (page: string) => JSON.parse(/value='([^']*)'/.exec(page)![1]!) as { hook_attributes: { url: string } };

/** `npm start` with no APP_ID on a developer's machine: Probot's setup pages, through the real process. */
describe("setup mode: a new user's first start", () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function start(cwd: string, env: Record<string, string>) {
    const app = await startAppProcess({ NODE_ENV: "development", LOG_FORMAT: "json", LOG_LEVEL: "info", ...env }, undefined, { cwd, readyPath: "/probot" });
    cleanup.push(() => app.stop());
    return app;
  }

  it("no channel service: the page and one log line say webhooks cannot arrive and what to do; the import page names a URL", async () => {
    const cwd = newInstall();
    const dead = await freePort();
    const app = await start(cwd, { SMEE_NEW_CHANNEL_URL: `http://127.0.0.1:${dead}/new` });
    const page = await (await fetch(`${app.url}/probot`)).text();
    expect(page).toContain("Webhooks cannot reach this machine yet.");
    expect(page).toContain("add WEBHOOK_PROXY_URL=&#60;channel URL&#62; to .env, then restart");
    expect(manifestOf(page).hook_attributes.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/); // what the notice warns about
    const warnings = app.output().split("\n").filter((l) => l.includes("No webhook proxy channel could be created"));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!).level).toBe(40);
    expect(app.output()).not.toContain("try restarting your server");
    const importPage = await (await fetch(`${app.url}/probot/import`)).text();
    expect(importPage).not.toContain("<b></b>");
    expect(importPage).toContain("<b>a public URL ending in /api/github/webhooks");
  }, 30_000);

  it("a channel service that answers: the channel goes to .env (comments kept) and into the manifest, and no notice", async () => {
    const service = await startChannelService();
    cleanup.push(() => service.close());
    const cwd = newInstall("# my settings\nLLM_BASE_URL=http://127.0.0.1:9/v1");
    const app = await start(cwd, { SMEE_NEW_CHANNEL_URL: service.url });
    const page = await (await fetch(`${app.url}/probot`)).text();
    expect(page).not.toContain("Webhooks cannot reach this machine yet.");
    expect(manifestOf(page).hook_attributes.url).toBe("https://smee.io/glmChannel123");
    expect(readFileSync(join(cwd, ".env"), "utf8")).toBe("# my settings\nLLM_BASE_URL=http://127.0.0.1:9/v1\nWEBHOOK_PROXY_URL=https://smee.io/glmChannel123\n");
  }, 30_000);

  it("the import keeps the user's .env lines and ends it with a newline: a later `echo KEY=… >> .env` is its own line", async () => {
    const before = "# GLM Review, my machine\n\n# the model\nLLM_BASE_URL=http://127.0.0.1:9/v1\nWEBHOOK_PROXY_URL=https://smee.io/mine";
    const cwd = newInstall(before);
    const app = await start(cwd, {});
    const pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIabc\n-----END RSA PRIVATE KEY-----";
    const answer = await fetch(`${app.url}/probot/import`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ appId: "4242", pem, webhook_secret: "s3cret" }) });
    expect(answer.status).toBe(200);
    await waitFor(() => readFileSync(join(cwd, ".env"), "utf8").includes("APP_ID=4242"), ".env written");
    const after = readFileSync(join(cwd, ".env"), "utf8");
    expect(after.startsWith(`${before}\n`)).toBe(true);
    expect(after.endsWith("\n")).toBe(true);
    appendFileSync(join(cwd, ".env"), "CLOUDFLARE_ACCOUNT_ID=abc123\n");
    const parsed = parseEnv(readFileSync(join(cwd, ".env"), "utf8"));
    expect(parsed).toMatchObject({ APP_ID: "4242", WEBHOOK_SECRET: "s3cret", CLOUDFLARE_ACCOUNT_ID: "abc123", LLM_BASE_URL: "http://127.0.0.1:9/v1", PRIVATE_KEY: pem });
  }, 30_000);

  it("a port already in use: one line naming PORT, exit 1, no stack", async () => {
    const port = await freePort();
    const blocker = createServer().listen(port, "127.0.0.1");
    await new Promise((resolve) => blocker.once("listening", resolve));
    cleanup.push(() => new Promise((resolve) => blocker.close(resolve)));
    const result = await runAppToExit({ NODE_ENV: "development", PORT: String(port), LOG_LEVEL: "info", NO_SMEE_SETUP: "true" }, { cwd: newInstall() });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([`GLM Review cannot start: port ${port} is already in use on 127.0.0.1; stop the other process or set PORT to a free port`]);
    expect(result.stdout + result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).not.toContain("EADDRINUSE");
  }, 30_000);
});

describe("updateDotEnv", () => {
  const dir = () => mkdtempSync(join(tmpdir(), "glm-dotenv-"));

  it("replaces a key where it stands, a quoted value over several lines included, and appends new keys", () => {
    const cwd = dir();
    writeFileSync(join(cwd, ".env"), 'A=1\nPRIVATE_KEY="-----BEGIN\nold\n-----END"\n# keep me\nexport B=2\r\n');
    const saved = { ...process.env };
    try {
      updateDotEnv({ PRIVATE_KEY: '"new\nkey"', B: "3", C: "4" }, cwd);
      expect(readFileSync(join(cwd, ".env"), "utf8")).toBe('A=1\nPRIVATE_KEY="new\\nkey"\n# keep me\nB=3\nC=4\n');
      expect(process.env.PRIVATE_KEY).toBe("new\nkey");
      expect(process.env.B).toBe("3");
    } finally {
      process.env = saved;
    }
  });

  it("creates the file when there is none", () => {
    const cwd = dir();
    const saved = { ...process.env };
    try {
      updateDotEnv({ X: "y" }, cwd);
      expect(readFileSync(join(cwd, ".env"), "utf8")).toBe("X=y\n");
    } finally {
      process.env = saved;
    }
  });
});
