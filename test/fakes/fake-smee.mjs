// A channel server that speaks smee.io's event-stream protocol, on loopback: a client (smee-client,
// as Probot runs it for WEBHOOK_PROXY_URL) holds GET /<channel> open; each relayed webhook is one
// `data:` event whose JSON holds the request's headers as keys, plus `body` and `query`.
import { createServer } from "node:http";

/**
 * @param {{ port?: number, status?: number }} [options] `status`: answer every GET with this HTTP status
 * instead of the stream (a channel service that is down), until `serve()` is called.
 */
export async function startFakeSmee({ port: wanted = 0, status } = {}) {
  const listeners = new Set();
  let connected = () => {};
  const firstClient = new Promise((resolve) => (connected = resolve));
  let failing = status;
  let attempts = 0;
  const server = createServer((req, res) => {
    if (req.method !== "GET") return res.writeHead(404).end();
    attempts += 1;
    if (failing) return res.writeHead(failing, { "content-type": "text/html" }).end("<html><title>Service Unavailable</title></html>");
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.write("event: ready\ndata: {}\n\n");
    listeners.add(res);
    req.on("close", () => listeners.delete(res));
    connected();
  });
  await new Promise((resolve) => server.listen(wanted, "127.0.0.1", resolve));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}/glm-review-channel`,
    /** GET requests seen, failed ones included. */
    attempts: () => attempts,
    /** Starts answering with the event stream. */
    serve: () => (failing = undefined),
    /** Resolves once a client holds the channel open. */
    connected: () => firstClient,
    /** Relays one webhook, as smee.io does after GitHub POSTs to the channel. */
    relay: (headers, body) => {
      const event = JSON.stringify({ ...headers, body, query: {}, timestamp: Date.now() });
      for (const res of listeners) res.write(`id: ${Date.now()}\ndata: ${event}\n\n`);
      return listeners.size;
    },
    close: () => {
      for (const res of listeners) res.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
