import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { Probot, Server } from "probot";
import { SmeeClient } from "smee-client";
import { updateDotEnv } from "./update-dot-env.js";

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | boolean;
type SetupAppFactory = (options: { host: string; port: number; log: Logger; updateEnv: (env: Record<string, string>) => unknown; SmeeClient: unknown }) => () => Promise<Handler>;

const CHANNEL_TIMEOUT_MS = 10_000;

/** A new smee channel, or why none could be made (smee.io down, no network, a proxy in the way). */
async function createChannel(newChannelUrl: string): Promise<{ url: string } | { error: string }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${CHANNEL_TIMEOUT_MS / 1000} s`)), CHANNEL_TIMEOUT_MS)));
  try {
    return { url: await Promise.race([SmeeClient.createChannel({ newChannelUrl }), late]) };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { error: `${error instanceof Error ? error.message : String(error)}${cause?.code ? ` (${cause.code})` : ""}` };
  } finally {
    clearTimeout(timer);
  }
}

/** What to do when no channel exists: the page, the log and the README say the same. */
function noChannelAdvice(service: string, reason: string, port: number): string {
  return (
    `No webhook proxy channel could be created (${service}: ${reason}). Registering the app now would give it the webhook URL ` +
    `http://localhost:${port}/, which GitHub cannot reach: no review would ever start. Either restart when ${service} answers; ` +
    "or create a channel yourself (for example on https://smee.io) and add WEBHOOK_PROXY_URL=<channel URL> to .env, then restart; " +
    "or register anyway and then set the app's Webhook URL (GitHub App settings, General, Webhook) to a public URL ending in /api/github/webhooks."
  );
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Probot's setup and import pages with the advice on top, and the import page's empty webhook URL filled. */
function withNotice(handler: Handler, advice: string): Handler {
  const banner = `<div class="flash flash-warn mb-4" role="alert" style="max-width:44em;text-align:left"><strong>Webhooks cannot reach this machine yet.</strong> ${escapeHtml(advice)}</div>`;
  return (req, res) => {
    const path = req.url?.split("?")[0];
    if (req.method !== "GET" || (path !== "/probot" && path !== "/probot/import")) return handler(req, res);
    const end = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== "string") return end(chunk, ...rest);
      const page = chunk.replace(/(<body[^>]*>)/, `$1${banner}`).replace("<b></b>", "<b>a public URL ending in /api/github/webhooks, or a channel's URL (see the note above)</b>");
      return end(page, ...rest);
    }) as typeof res.end;
    return handler(req, res);
  };
}

/**
 * A brand-new install (no APP_ID, not production): Probot's setup pages, as `run` serves them, with
 * two changes. `.env` is updated line by line (Probot's writer drops comments and the final newline),
 * and when no webhook proxy channel can be created the page and the log say so and what to do,
 * instead of registering an app whose webhook URL is this machine's localhost.
 */
export async function startSetup(env: NodeJS.ProcessEnv, log: Logger): Promise<Server> {
  const host = env.HOST || "localhost";
  const port = Number(env.PORT || 3000);
  let advice: string | null = null;
  if (!env.WEBHOOK_PROXY_URL && !env.PROJECT_DOMAIN && env.NO_SMEE_SETUP !== "true") {
    const service = env.SMEE_NEW_CHANNEL_URL || "https://smee.io/new";
    const channel = await createChannel(service);
    if ("url" in channel) updateDotEnv({ WEBHOOK_PROXY_URL: channel.url });
    else {
      advice = noChannelAdvice(new URL(service).host, channel.error, port);
      log.warn(advice);
      // Probot would try once more and log only "try restarting your server".
      process.env.NO_SMEE_SETUP = "true";
    }
  }
  // Probot's setup app is not exported; this is the module its own `run` uses (probot is pinned to 14.3).
  const { setupAppFactory } = (await import(new URL("./apps/setup.js", import.meta.resolve("probot")).href)) as { setupAppFactory: SetupAppFactory };
  const server = new Server({
    host,
    port,
    webhookPath: env.WEBHOOK_PATH,
    log,
    // Probot needs some credentials to build its instance; setup mode never uses them (Probot #1512).
    Probot: Probot.defaults({ appId: 1, privateKey: "dummy value for setup, see #1512", log }),
  });
  const setup = await setupAppFactory({ host: server.host, port: server.port, log: log.child({ name: "setup" }), updateEnv: updateDotEnv, SmeeClient })();
  await server.loadHandlerFactory(async () => (advice ? withNotice(setup, advice) : setup));
  await server.start();
  return server;
}
