import { createHmac } from "node:crypto";

/** X-Hub-Signature-256 of a body, as GitHub computes it. */
export function signatureOf(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** A webhook's headers as GitHub sends them (smee relays them as the event's keys). */
export function webhookHeaders(event: string, id: string, body: string, secret: string): Record<string, string> {
  return { "content-type": "application/json", "x-github-event": event, "x-github-delivery": id, "x-hub-signature-256": signatureOf(body, secret) };
}

/** One signed delivery to an app's webhook path, as GitHub sends it. */
export function postWebhook(appUrl: string, delivery: { event?: string; id: string; payload: unknown; secret: string }): Promise<Response> {
  const body = JSON.stringify(delivery.payload);
  return fetch(`${appUrl}/api/github/webhooks`, { method: "POST", headers: webhookHeaders(delivery.event ?? "pull_request", delivery.id, body, delivery.secret), body });
}
