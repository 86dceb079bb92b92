// A fake OpenAI-compatible /v1/chat/completions server on loopback. `answer(request)` decides the reply
// (and may set its own delayMs).
import { createServer } from "node:http";

/**
 * @param {{ answer: (request: any) => { status?: number, body: any, delayMs?: number }, delayMs?: number }} options
 */
export async function startFakeModel(options) {
  const calls = [];
  // How many answers are being prepared at once, and the most ever: "one review at a time" shows here.
  const load = { inFlight: 0, maxInFlight: 0 };
  const server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      return res.writeHead(404).end();
    }
    const request = JSON.parse(raw);
    calls.push({ request, authorization: req.headers.authorization });
    const { status = 200, body, delayMs = options.delayMs } = options.answer(request);
    load.inFlight += 1;
    load.maxInFlight = Math.max(load.maxInFlight, load.inFlight);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    load.inFlight -= 1;
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return { baseUrl: `http://127.0.0.1:${port}/v1`, calls, load, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * An OpenAI chat.completion body, with GLM's reasoning_content beside content.
 * @param {string} content
 * @param {{ reasoning?: string, finish?: string, usage?: Record<string, unknown> }} [options]
 */
export function completion(content, { reasoning = "", finish = "stop", usage } = {}) {
  return {
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: 1,
    model: "fake",
    choices: [{ index: 0, message: { role: "assistant", content, reasoning_content: reasoning }, finish_reason: finish }],
    usage: usage ?? { prompt_tokens: 1000, completion_tokens: 400, total_tokens: 1400, completion_tokens_details: { reasoning_tokens: 250 } },
  };
}
