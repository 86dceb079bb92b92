// A fake OpenAI-compatible /v1/chat/completions server on loopback. `answer(request)` decides the reply
// (and may set its own delayMs).
import { createServer } from "node:http";

/**
 * @param {{ answer: (request: any) => { status?: number, body: any, delayMs?: number }, delayMs?: number }} options
 */
export async function startFakeModel(options) {
  const calls = [];
  const server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      return res.writeHead(404).end();
    }
    const request = JSON.parse(raw);
    calls.push({ request, authorization: req.headers.authorization });
    const { status = 200, body, delayMs = options.delayMs } = options.answer(request);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return { baseUrl: `http://127.0.0.1:${port}/v1`, calls, close: () => new Promise((resolve) => server.close(resolve)) };
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
