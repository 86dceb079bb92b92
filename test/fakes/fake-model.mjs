// A fake OpenAI-compatible /v1/chat/completions server on loopback. `answer(request)` decides the reply:
// a JSON body (with its own delayMs), or a server-sent event stream that can stall or be cut.
import { createServer } from "node:http";

/**
 * @typedef {{ chunks: any[], chunkDelayMs?: number, stallAfter?: number, cutAfter?: number, done?: boolean }} SseReply
 * @param {{ answer: (request: any) => { status?: number, body?: any, raw?: string, delayMs?: number, sse?: SseReply, headers?: Record<string, string> }, delayMs?: number }} options
 */
export async function startFakeModel(options) {
  const calls = [];
  // How many answers are being prepared at once, and the most ever: "one review at a time" shows here.
  const load = { inFlight: 0, maxInFlight: 0 };
  const held = new Set();
  const server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      return res.writeHead(404).end();
    }
    const request = JSON.parse(raw);
    calls.push({ request, authorization: req.headers.authorization });
    const { status = 200, body, raw: rawBody, delayMs = options.delayMs, sse, headers = {} } = options.answer(request);
    load.inFlight += 1;
    load.maxInFlight = Math.max(load.maxInFlight, load.inFlight);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    if (sse) return streamReply(res, sse, held, () => (load.inFlight -= 1));
    load.inFlight -= 1;
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(rawBody ?? JSON.stringify(body));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    calls,
    load,
    close: () => {
      for (const res of held) res.destroy();
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** @param {import("node:http").ServerResponse} res @param {SseReply} sse */
async function streamReply(res, sse, held, finished) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  held.add(res);
  try {
    for (const [i, chunk] of sse.chunks.entries()) {
      if (sse.stallAfter === i) return; // headers and some chunks sent, then silence (the connection stays open)
      if (sse.cutAfter === i) return res.destroy(); // the connection drops mid-answer
      res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      if (sse.chunkDelayMs) await new Promise((r) => setTimeout(r, sse.chunkDelayMs));
    }
    if (sse.done !== false) res.write("data: [DONE]\n\n");
    res.end();
    held.delete(res);
  } finally {
    finished();
  }
}

/**
 * The chunks of one streamed answer: reasoning deltas, then content deltas, then the finish reason,
 * then (unless `usage: null`) a last chunk with no choices and the usage, as include_usage sends it.
 * @param {string} content
 * @param {{ reasoning?: string, finish?: string | null, usage?: Record<string, unknown> | null, pieces?: number, field?: string }} [options]
 */
export function streamChunks(content, { reasoning = "", finish = "stop", usage, pieces = 4, field = "reasoning_content" } = {}) {
  const split = (text) => {
    if (!text) return [];
    const size = Math.max(1, Math.ceil(text.length / pieces));
    const parts = [];
    for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
    return parts;
  };
  const base = { id: "chatcmpl-fake", object: "chat.completion.chunk", created: 1, model: "fake" };
  const chunks = [{ ...base, choices: [{ index: 0, delta: { role: "assistant" }, finish_reason: null }] }];
  for (const part of split(reasoning)) chunks.push({ ...base, choices: [{ index: 0, delta: { [field]: part }, finish_reason: null }] });
  for (const part of split(content)) chunks.push({ ...base, choices: [{ index: 0, delta: { content: part }, finish_reason: null }] });
  if (finish !== null) chunks.push({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finish }] });
  if (usage !== null) {
    chunks.push({ ...base, choices: [], usage: usage ?? { prompt_tokens: 1000, completion_tokens: 400, total_tokens: 1400, completion_tokens_details: { reasoning_tokens: 250 } } });
  }
  return chunks;
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
