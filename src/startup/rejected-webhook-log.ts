import type { IncomingMessage, ServerResponse } from "node:http";
import type { RejectedWebhook } from "./summarize-rejected-webhook.js";

/** Reasons remembered from error lines until the request's access line: a handful are ever pending. */
const PENDING = 200;

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return typeof value === "string" ? value.slice(0, 100) : undefined;
};

/**
 * One warn line per webhook request answered 4xx, whatever rejected it. @octokit/webhooks logs a bad
 * signature twice (once without the delivery id) and a missing signature not at all; every request
 * does get Probot's access line, so the line is written there, with the reason an error line gave
 * for that delivery, or the missing header or content type read from the request.
 */
export class RejectedWebhookLog {
  readonly #reasons = new Map<string, string>();
  #lastReason: string | undefined;

  constructor(private readonly webhookPath: string) {}

  /** An error line that rejected a webhook: its reason waits for the access line. */
  noteError(rejected: RejectedWebhook): void {
    this.#lastReason = rejected.reason;
    if (!rejected.delivery) return;
    this.#reasons.set(rejected.delivery, rejected.reason);
    if (this.#reasons.size > PENDING) this.#reasons.delete(this.#reasons.keys().next().value!);
  }

  /** The access line's first argument (pino-http: `{ res, responseTime }`) → the warn line's fields, or null. */
  fromAccessLine(first: unknown): RejectedWebhook | null {
    const res = (first as { res?: ServerResponse } | undefined)?.res;
    const req = res?.req;
    if (!req || typeof res.statusCode !== "number" || res.statusCode < 400 || res.statusCode >= 500) return null;
    if (req.method !== "POST" || (req.url ?? "").split("?")[0]?.replace(/\/+$/, "") !== this.webhookPath.replace(/\/+$/, "")) return null;
    const delivery = header(req, "x-github-delivery");
    const remembered = delivery ? this.#reasons.get(delivery) : undefined;
    if (delivery) this.#reasons.delete(delivery);
    const missing = ["x-hub-signature-256", "x-github-event", "x-github-delivery"].filter((name) => header(req, name) === undefined);
    const reason =
      remembered ??
      (res.statusCode === 415 ? "the content type is not application/json" : missing.length > 0 ? `no ${missing.join(", ")} header${missing.length > 1 ? "s" : ""} (unsigned)` : (this.#lastReason ?? `answered HTTP ${res.statusCode}`));
    this.#lastReason = undefined;
    return { event: header(req, "x-github-event"), delivery, reason };
  }
}
