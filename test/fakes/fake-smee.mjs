// A channel server that speaks smee.io's event-stream protocol, on loopback: a client (smee-client,
// as Probot runs it for WEBHOOK_PROXY_URL) holds GET /<channel> open; each relayed webhook is one
// `data:` event whose JSON holds the request's headers as keys, plus `body` and `query`.
import { createServer } from "node:http";

export async function startFakeSmee() {
  const listeners = new Set();
  let connected = () => {};
  const firstClient = new Promise((resolve) => (connected = resolve));
  const server = createServer((req, res) => {
    if (req.method !== "GET") return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.write("event: ready\ndata: {}\n\n");
    listeners.add(res);
    req.on("close", () => listeners.delete(res));
    connected();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}/glm-review-channel`,
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
