/** What a rejected webhook log line may say: never the payload, never the headers. */
export interface RejectedWebhook {
  event: string | undefined;
  delivery: string | undefined;
  reason: string;
}

interface WebhookError {
  message?: unknown;
  event?: { id?: unknown; name?: unknown };
  errors?: unknown;
}

const REJECTED = /signature|x-hub-signature|invalid json|webhook secret/i;

function flatten(value: unknown): WebhookError[] {
  if (typeof value !== "object" || value === null) return [];
  const error = value as WebhookError & { err?: unknown };
  const inner = Array.isArray(error.errors) ? error.errors.flatMap(flatten) : [];
  return [error, ...inner, ...(error.err ? flatten(error.err) : [])];
}

/**
 * Probot and @octokit/webhooks log a webhook they reject (bad or missing signature, invalid JSON) at
 * error level with the whole event attached, payload included: anyone who can reach the port could
 * flood the log. This finds such a log call and keeps only the event name, delivery id and reason.
 */
export function summarizeRejectedWebhook(args: unknown[]): RejectedWebhook | null {
  const errors = flatten(args[0]);
  const rejected = errors.find((e) => typeof e.message === "string" && REJECTED.test(e.message));
  if (!rejected) return null;
  const withEvent = errors.find((e) => e.event !== undefined)?.event;
  const text = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v).slice(0, 100) : undefined);
  return {
    event: text(withEvent?.name),
    delivery: text(withEvent?.id),
    reason: String(rejected.message).replace(/^\[@octokit\/webhooks\]\s*/, "").replace(/\s+/g, " ").slice(0, 160),
  };
}
