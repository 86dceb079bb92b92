import { getTransformStream } from "@probot/pino";
import { pino, type Logger } from "pino";
import { summarizeRejectedWebhook } from "./summarize-rejected-webhook.js";

/** Deliveries already logged as rejected: Probot and the webhooks middleware each log the same one. */
const RECENT = 200;
const LISTEN_ERRORS = new Set(["EADDRINUSE", "EACCES", "EADDRNOTAVAIL", "ENOTFOUND"]);

/**
 * Probot's own logger (same LOG_* variables, same pretty/JSON output), with one change: a rejected
 * webhook becomes one short warn line (event, delivery id, reason) instead of an error with its payload.
 */
export async function createAppLog(env: NodeJS.ProcessEnv): Promise<Logger> {
  const logFormat = env.LOG_FORMAT ? (env.LOG_FORMAT === "pretty" ? "pretty" : "json") : env.NODE_ENV === "production" ? "json" : "pretty";
  const transform = await getTransformStream({ logFormat, logLevelInString: env.LOG_LEVEL_IN_STRING === "true", sentryDsn: env.SENTRY_DSN });
  transform.pipe(pino.destination(1) as unknown as NodeJS.WritableStream);
  const seen: string[] = [];
  return pino(
    {
      level: env.LOG_LEVEL || "info",
      name: "probot",
      messageKey: env.LOG_MESSAGE_KEY || "msg",
      hooks: {
        logMethod(args, method, level) {
          // A server that cannot listen: main prints one line and exits; Probot's copy carries a stack.
          if (level >= 50 && LISTEN_ERRORS.has((args[0] as NodeJS.ErrnoException | undefined)?.code ?? "")) return;
          const rejected = level >= 50 ? summarizeRejectedWebhook(args) : null;
          if (!rejected) return method.apply(this, args as Parameters<typeof method>);
          if (rejected.delivery && seen.includes(rejected.delivery)) return;
          if (rejected.delivery) seen.push(rejected.delivery) > RECENT && seen.shift();
          this.warn({ event: rejected.event, delivery: rejected.delivery, reason: rejected.reason }, "webhook rejected");
        },
      },
    },
    transform,
  );
}
