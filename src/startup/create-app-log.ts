import { getTransformStream } from "@probot/pino";
import { pino, type Logger } from "pino";
import { RejectedWebhookLog } from "./rejected-webhook-log.js";
import { summarizeRejectedWebhook } from "./summarize-rejected-webhook.js";

const LISTEN_ERRORS = new Set(["EADDRINUSE", "EACCES", "EADDRNOTAVAIL", "ENOTFOUND"]);

/**
 * Probot's own logger (same LOG_* variables, same pretty/JSON output), with one change: a rejected
 * webhook becomes one short warn line (event, delivery id, reason) instead of an error with its payload,
 * or nothing at all when its signature was missing. The line is written from Probot's access line,
 * which is therefore always produced (the "http" logger runs at info) and printed only at LOG_LEVEL.
 */
export async function createAppLog(env: NodeJS.ProcessEnv): Promise<Logger> {
  const logFormat = env.LOG_FORMAT ? (env.LOG_FORMAT === "pretty" ? "pretty" : "json") : env.NODE_ENV === "production" ? "json" : "pretty";
  const transform = await getTransformStream({ logFormat, logLevelInString: env.LOG_LEVEL_IN_STRING === "true", sentryDsn: env.SENTRY_DSN });
  transform.pipe(pino.destination(1) as unknown as NodeJS.WritableStream);
  const rejections = new RejectedWebhookLog(env.WEBHOOK_PATH || "/api/github/webhooks");
  const level = env.LOG_LEVEL || "info";
  const root = pino(
    {
      level,
      name: "probot",
      messageKey: env.LOG_MESSAGE_KEY || "msg",
      hooks: {
        logMethod(args, method, level) {
          // A server that cannot listen: main prints one line and exits; Probot's copy carries a stack.
          if (level >= 50 && LISTEN_ERRORS.has((args[0] as NodeJS.ErrnoException | undefined)?.code ?? "")) return;
          const rejected = level >= 50 ? summarizeRejectedWebhook(args) : null;
          if (rejected) return rejections.noteError(rejected);
          const access = level === 30 ? rejections.fromAccessLine(args[0]) : null;
          if (access) root.warn({ event: access.event, delivery: access.delivery, reason: access.reason }, "webhook rejected");
          if (level >= root.levels.values[configured]!) method.apply(this, args as Parameters<typeof method>);
        },
      },
    },
    transform,
  );
  const configured = root.level;
  const child = root.child;
  // Probot's access logger is the child named "http": it always runs at info so that the hook sees
  // every rejected request; its lines still print only at the configured level. (Children inherit
  // this method through their prototype, so it must call the original on `this`, not on root.)
  root.child = function (this: Logger, bindings, options) {
    const made = child.call(this, bindings, options);
    if (bindings.name === "http" && made.levelVal > root.levels.values.info!) made.level = "info";
    return made;
  } as typeof root.child;
  return root;
}
