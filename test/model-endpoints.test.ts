import { afterEach, describe, expect, it } from "@jest/globals";
import { completion, startFakeModel, streamChunks } from "./fakes/fake-model.mjs";
import { mockInstallationAndConfig, mockPullRequestRead, mockReviewCreate, mockSummaryWrites } from "./helpers/github-mock.js";
import { GOOD_FINDING, LEAD_TEXT, delegateJson } from "./helpers/model-mock.js";
import { useMockedWorld } from "./helpers/mocked-world.js";
import { metricValue } from "./helpers/observe.js";
import { ChatEndpoint, StreamMemory } from "../src/models/chat-endpoint.js";
import { createChatClient } from "../src/models/create-chat-client.js";
import { loadSettings } from "../src/settings/load-settings.js";
import { reasoningParams } from "../src/models/reasoning-params.js";
import { inferProvider } from "../src/models/llm-provider.js";
import { isModelNotServed, isStreamRefused } from "../src/models/classify-model-error.js";
import { readProviderError } from "../src/models/provider-error.js";
import { costUsd, formatUsd } from "../src/review/answer/cost-usd.js";

type Reply = Parameters<typeof startFakeModel>[0]["answer"] extends (r: any) => infer R ? R : never;

/**
 * Both models behind one loopback OpenAI-compatible server (the SDK is real): the lead answers with a
 * short summary, the delegate as each test says.
 */
describe("model endpoints as they behave: streaming, stalls, refusals, retired models, cost", () => {
  const world = useMockedWorld((w) => {
    mockInstallationAndConfig();
    mockPullRequestRead();
    mockSummaryWrites(w.captured);
    mockReviewCreate(w.captured);
  });
  let model: Awaited<ReturnType<typeof startFakeModel>> | undefined;
  afterEach(async () => {
    await model?.close();
    model = undefined;
  });

  const leadStream = (): Reply => ({ sse: { chunks: streamChunks(LEAD_TEXT, { usage: { prompt_tokens: 300, completion_tokens: 60, total_tokens: 360 } }) } });

  async function review(delegate: (request: any) => Reply, env: NodeJS.ProcessEnv = {}) {
    model = await startFakeModel({ answer: (request) => (request.model === "lead-small" ? leadStream() : delegate(request)) });
    const started = Date.now();
    const { status, final } = await world.reviewOpened({ LLM_BASE_URL: model.baseUrl, ...env });
    expect(status).toBe(200);
    expect(final).toContain("Makes `divide` return 0"); // the lead's summary always lands
    const requests = model.calls.map((c) => c.request);
    return { final, elapsedMs: Date.now() - started, lead: requests.filter((r) => r.model === "lead-small"), delegate: requests.filter((r) => r.model !== "lead-small") };
  }

  it("streams both roles: reasoning deltas then content, usage from the last chunk", async () => {
    const { final, lead, delegate } = await review(() => ({
      sse: { chunks: streamChunks(delegateJson(), { reasoning: "Let me think about b = 0. ".repeat(20), usage: { prompt_tokens: 2100, completion_tokens: 700, total_tokens: 2800, completion_tokens_details: { reasoning_tokens: 500 } } }) },
    }));
    for (const request of [...lead, ...delegate]) {
      expect(request.stream).toBe(true);
      expect(request.stream_options).toEqual({ include_usage: true });
    }
    expect(delegate).toHaveLength(1);
    expect(final).toContain("reported 1 finding");
    expect(final).toContain("GLM-5.2: 2,800 tokens (2,100 in, 700 out, 500 reasoning)");
    expect(world.captured.reviews[0].comments[0].body).toContain(GOOD_FINDING.title);
  });

  it("reads OpenRouter/Ollama's `reasoning` delta field too, and estimates usage when the stream reports none", async () => {
    const { final } = await review(() => ({ sse: { chunks: streamChunks(delegateJson(), { reasoning: "hmm ".repeat(30), usage: null, field: "reasoning" }) } }));
    expect(final).toContain("reported 1 finding");
    expect(final).toMatch(/GLM-5\.2: [\d,]+ tokens \([\d,]+ in, [\d,]+ out\) \(estimated\)/);
  });

  it("a stream that stalls after its reasoning deltas ends within DELEGATE_STALL_MS as a stalled timeout", async () => {
    const chunks = streamChunks(delegateJson(), { reasoning: "thinking ".repeat(40) });
    const { final, elapsedMs } = await review(() => ({ sse: { chunks, stallAfter: 5 } }), { DELEGATE_STALL_MS: "400", DELEGATE_TIMEOUT_MS: "60000" });
    expect(final).toContain("GLM-5.2 stalled and timed out: its stream sent nothing for 400 ms (DELEGATE_STALL_MS)");
    expect(final).toContain("Comment `/glm review` to try again.");
    expect(elapsedMs).toBeLessThan(30_000); // far below DELEGATE_TIMEOUT_MS
    expect(world.captured.reviews).toHaveLength(0);
  });

  it("a stream cut mid-answer is an error, and its partial content is never parsed as findings", async () => {
    const chunks = streamChunks(delegateJson(), { reasoning: "r", pieces: 8 });
    const { final } = await review(() => ({ sse: { chunks, cutAfter: chunks.length - 3, chunkDelayMs: 30 } }));
    expect(final).toContain("the stream ended early");
    expect(world.captured.reviews).toHaveLength(0);
  });

  it("a stream that ends without a finish reason (no [DONE]) is cut too", async () => {
    const { final } = await review(() => ({ sse: { chunks: streamChunks(delegateJson(), { finish: null, usage: null }), done: false } }));
    expect(final).toContain("the stream ended early");
    expect(world.captured.reviews).toHaveLength(0);
  });

  it("an endpoint that ignores `stream` and answers JSON is read as such", async () => {
    const { final, delegate } = await review(() => ({ body: completion(delegateJson()) }));
    expect(delegate[0].stream).toBe(true);
    expect(final).toContain("reported 1 finding");
  });

  it("a delegate answering an HTML error page is described as one, not as empty", async () => {
    const page = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    const { final } = await review(() => ({ status: 200, raw: page, headers: { "content-type": "text/html" } }));
    expect(final).toContain('GLM-5.2 failed (HTTP 200: the endpoint answered an HTML page ("502 Bad Gateway") instead of a JSON answer)');
  });

  it("stream refused: the delegate is not called twice in the trigger; the endpoint is called without stream from then on", async () => {
    const { final, delegate } = await review((request) =>
      request.stream ? { status: 400, body: { error: { message: "'stream' is not supported for this model", type: "invalid_request_error" } } } : { body: completion(delegateJson()) },
    );
    expect(delegate).toHaveLength(1);
    expect(final).toContain("the next review calls it without streaming");
    expect(final).toContain("Comment `/glm review` to try again.");
  });

  // Workers AI's body exactly as it sends it (HTTP 410, Cloudflare's envelope, no `error` key), as a user
  // reported it (sepandhaghighi/mytext issue 95).
  const CLOUDFLARE_DEPRECATED = {
    errors: [{ message: "AiError: Model has been deprecated: This model was deprecated on 2026-05-30. Please use an alternative model. (a1b2c3d4-0000-4000-8000-000000000000)", code: 5028 }],
    success: false,
    result: {},
    messages: [],
  };

  it("Cloudflare's 5028 (model deprecated, HTTP 410, its own envelope): names DELEGATE_MODEL, quotes the provider, releases the budget, counts it", async () => {
    const { final } = await review(() => ({ status: 410, body: CLOUDFLARE_DEPRECATED }));
    // (the sanitizer breaks "@cf" with a zero-width space so that it can never ping a user)
    expect(final.replace(/\u200b/g, "")).toContain("DELEGATE_MODEL `@cf/zai-org/glm-5.2` is not served by this endpoint (it says: 5028: AiError: Model has been deprecated: This model was deprecated on 2026-05-30. Please use an alternative model.");
    expect(final.replace(/\u200b/g, "")).toContain("; set DELEGATE_MODEL to a current model");
    expect(final).toContain("1,500,000 delegate tokens left today"); // nothing reserved stays spent
    expect(await metricValue(world.app!.url, "glm_review_model_not_served_total", 'role="delegate"')).toBe(1);
    expect(await metricValue(world.app!.url, "glm_review_delegate_outcomes_total", 'outcome="model_not_served"')).toBe(1);
  });

  it.each([
    ["Cloudflare's envelope on a 5xx", { status: 500, body: { errors: [{ message: "AiError: Inference failed: upstream error", code: 3043 }], success: false, result: {}, messages: [] } }, "GLM-5.2 failed (HTTP 500: 3043: AiError: Inference failed: upstream error)"],
    ["a proxy's HTML page", { status: 502, raw: "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>", headers: { "content-type": "text/html" } }, 'GLM-5.2 failed (HTTP 502: the endpoint answered an HTML page ("502 Bad Gateway"))'],
    ["plain text", { status: 503, raw: "upstream connect error or disconnect/reset before headers", headers: { "content-type": "text/plain" } }, "GLM-5.2 failed (HTTP 503: upstream connect error or disconnect/reset before headers)"],
    ["a bare `detail` (FastAPI-style servers)", { status: 400, body: { detail: "max_tokens is too large" } }, "GLM-5.2 failed (HTTP 400: max_tokens is too large)"],
  ])("the provider's own words from %s reach the summary", async (_what, reply, sentence) => {
    const { final } = await review(() => reply as Reply);
    expect(final).toContain(sentence);
    expect(final).not.toContain("no body");
  });

  it("OpenAI-style 404 model_not_found: same outcome, for a model named by DELEGATE_MODEL", async () => {
    const { final } = await review(() => ({ status: 404, body: { error: { message: "The model `gpt-9` does not exist", type: "invalid_request_error", code: "model_not_found" } } }), { DELEGATE_MODEL: "gpt-9" });
    expect(final).toContain("DELEGATE_MODEL `gpt-9` is not served by this endpoint");
    expect(final).toContain("1,500,000 delegate tokens left today");
  });

  it("a lead model that is not served names LEAD_MODEL, and the review still lands", async () => {
    model = await startFakeModel({
      answer: (request) => (request.model === "lead-small" ? { status: 404, body: { error: { message: "model 'lead-small' not found" } } } : { sse: { chunks: streamChunks(delegateJson()) } }),
    });
    const { final } = await world.reviewOpened({ LLM_BASE_URL: model.baseUrl });
    expect(final).toContain("LEAD_MODEL `lead-small` is not served by this endpoint");
    expect(final).toContain("reported 1 finding");
    expect(await metricValue(world.app!.url, "glm_review_model_not_served_total", 'role="lead"')).toBe(1);
  });

  it("LLM_PROVIDER=cloudflare: the delegate asks for reasoning_effort high, the lead for none", async () => {
    const { lead, delegate } = await review(() => ({ sse: { chunks: streamChunks(delegateJson()) } }), { LLM_PROVIDER: "cloudflare" });
    expect(delegate[0].reasoning_effort).toBe("high");
    expect(lead[0].reasoning_effort).toBe("none");
  });

  it("a generic endpoint gets no reasoning parameter unless the effort is set explicitly", async () => {
    const plain = await review(() => ({ sse: { chunks: streamChunks(delegateJson()) } }));
    expect(plain.delegate[0]).not.toHaveProperty("reasoning_effort");
    expect(plain.lead[0]).not.toHaveProperty("reasoning_effort");
    await world.app?.stop();
    world.app = undefined;
    await model?.close();
    mockInstallationAndConfig();
    mockPullRequestRead();
    mockSummaryWrites(world.captured);
    mockReviewCreate(world.captured);
    const explicit = await review(() => ({ sse: { chunks: streamChunks(delegateJson()) } }), { DELEGATE_REASONING_EFFORT: "max" });
    expect(explicit.delegate[0].reasoning_effort).toBe("max");
    expect(explicit.lead[0]).not.toHaveProperty("reasoning_effort");
  });

  it("out of output budget names DELEGATE_MAX_TOKENS and DELEGATE_REASONING_EFFORT", async () => {
    const { final } = await review(() => ({ sse: { chunks: streamChunks("", { reasoning: "deep ".repeat(50), finish: "length", usage: { prompt_tokens: 900, completion_tokens: 2048, total_tokens: 2948 } }) } }), { DELEGATE_MAX_TOKENS: "2048" });
    expect(final).toContain("(DELEGATE_MAX_TOKENS=2048) on reasoning at DELEGATE_REASONING_EFFORT=high and gave no answer; raise DELEGATE_MAX_TOKENS or lower DELEGATE_REASONING_EFFORT.");
  });

  it("prices set: the footer shows each role's cost in dollars, cached prompt tokens at the cached price; metrics count USD", async () => {
    const usage = { prompt_tokens: 10_000, completion_tokens: 2_000, total_tokens: 12_000, prompt_tokens_details: { cached_tokens: 4_000 } };
    const { final } = await review(() => ({ sse: { chunks: streamChunks(delegateJson(), { usage }) } }), {
      DELEGATE_PRICE_INPUT: "1.40",
      DELEGATE_PRICE_OUTPUT: "4.40",
      DELEGATE_PRICE_CACHED_INPUT: "0.26",
      LEAD_PRICE_INPUT: "0.06",
      LEAD_PRICE_OUTPUT: "0.40",
    });
    // (6,000 × 1.40 + 4,000 × 0.26 + 2,000 × 4.40) / 1e6 = 0.01824; lead (300 × 0.06 + 60 × 0.40) / 1e6 = 0.000042
    expect(final).toContain("GLM-5.2: 12,000 tokens (10,000 in, 4,000 cached, 2,000 out), ≈ $0.018 · lead ≈ $0.000042 · ");
    expect(await metricValue(world.app!.url, "glm_review_cost_usd_total", 'role="delegate"')).toBeCloseTo(0.01824, 6);
  });

  it("no prices on a generic endpoint: tokens only, no dollar sign", async () => {
    const { final } = await review(() => ({ sse: { chunks: streamChunks(delegateJson()) } }));
    expect(final).toContain("GLM-5.2: 1,400 tokens");
    expect(final).not.toContain("$");
  });
});

describe("endpoint profiles", () => {
  it("map each effort to the provider's own parameter", () => {
    expect(reasoningParams("cloudflare", { effort: "high", explicit: false })).toEqual({ reasoning_effort: "high" });
    expect(reasoningParams("openai", { effort: "max", explicit: false })).toEqual({ reasoning_effort: "xhigh" });
    expect(reasoningParams("zai", { effort: "none", explicit: false })).toEqual({ thinking: { type: "disabled" } });
    expect(reasoningParams("zai", { effort: "low", explicit: false })).toEqual({ thinking: { type: "enabled" } });
    expect(reasoningParams("openrouter", { effort: "medium", explicit: false })).toEqual({ reasoning: { effort: "medium" } });
    expect(reasoningParams("ollama", { effort: "none", explicit: false })).toEqual({ think: false });
    expect(reasoningParams("vllm", { effort: "high", explicit: false })).toEqual({ chat_template_kwargs: { enable_thinking: true } });
    expect(reasoningParams("generic", { effort: "high", explicit: false })).toEqual({});
    expect(reasoningParams("generic", { effort: "low", explicit: true })).toEqual({ reasoning_effort: "low" });
  });

  it("read the provider's words from every envelope", () => {
    expect(readProviderError('{"errors":[{"code":5028,"message":"gone"},{"code":7,"message":"also"}],"success":false}', "application/json")).toEqual({ message: "5028: gone; 7: also", code: 5028 });
    expect(readProviderError('{"error":{"message":"bad key","code":"invalid_api_key"}}', "application/json")).toEqual({ message: "bad key", code: "invalid_api_key" });
    expect(readProviderError('{"error":"model \'x\' not found"}', "application/json")).toEqual({ message: "model 'x' not found" });
    expect(readProviderError('{"message":"  too\\n many  "}', "application/json")).toEqual({ message: "too many" });
    expect(readProviderError('{"success":false}', "application/json")).toEqual({ message: 'the endpoint answered {"success":false}' });
    expect(readProviderError("  ", "text/plain")).toEqual({ message: "the endpoint answered an empty body" });
    expect(readProviderError("<html>nope</html>", "")).toEqual({ message: "the endpoint answered an HTML page" });
    expect(readProviderError("Service Unavailable", "text/html")).toEqual({ message: "the endpoint answered an HTML page" });
    expect(readProviderError("x".repeat(400), "text/plain").message).toHaveLength(300);
  });

  it("tell a model that is not served and a refused stream from other errors", () => {
    expect(isModelNotServed(404, "Not Found")).toBe(true);
    expect(isModelNotServed(410, "Gone")).toBe(true);
    expect(isModelNotServed(400, "5028: This model was deprecated on 2026-05-30")).toBe(true);
    expect(isModelNotServed(400, '{"code":"model_not_found"}')).toBe(true);
    expect(isModelNotServed(400, "The model `gpt-9` does not exist")).toBe(true);
    expect(isModelNotServed(500, "upstream overloaded")).toBe(false);
    expect(isModelNotServed(400, "'stream' is not supported for this model")).toBe(false);
    expect(isStreamRefused(400, "'stream' is not supported")).toBe(true);
    expect(isStreamRefused(422, "stream_options: unknown field")).toBe(true);
    expect(isStreamRefused(429, "stream rate limit")).toBe(false);
    expect(isStreamRefused(500, "stream broke")).toBe(false);
    expect(isStreamRefused(400, "max_tokens too large")).toBe(false);
  });

  it("price a usage: cached prompt tokens at the cached price; dollars with two significant digits", () => {
    const prices = { input: 1.4, output: 4.4, cachedInput: 0.26 };
    expect(costUsd({ prompt: 10_000, completion: 2_000, reasoning: undefined, cachedPrompt: 4_000, total: 12_000, estimated: false }, prices)).toBeCloseTo(0.01824, 10);
    expect(costUsd({ prompt: 1_000, completion: 0, reasoning: undefined, cachedPrompt: 5_000, total: 1_000, estimated: false }, prices)).toBeCloseTo(0.00026, 10);
    expect([0, 0.01824, 0.000042, 0.0000001234, 0.5, 1.234].map(formatUsd)).toEqual(["$0", "$0.018", "$0.000042", "$0.00000012", "$0.5", "$1.23"]);
  });

  it("are inferred from the base URL's host", () => {
    expect(inferProvider("https://api.cloudflare.com/client/v4/accounts/abc/ai/v1")).toBe("cloudflare");
    expect(inferProvider("https://api.z.ai/api/paas/v4")).toBe("zai");
    expect(inferProvider("https://openrouter.ai/api/v1")).toBe("openrouter");
    expect(inferProvider("https://api.openai.com/v1")).toBe("openai");
    expect(inferProvider("http://localhost:11434/v1")).toBe("ollama");
    expect(inferProvider("http://127.0.0.1:8000/v1")).toBe("generic");
  });

  it("Cloudflare's listing prices GLM-5.2 by default; other endpoints have no default price", () => {
    const cf = loadSettings({ CLOUDFLARE_ACCOUNT_ID: "abc123", CLOUDFLARE_API_TOKEN: "t" });
    expect(cf.delegate.prices).toEqual({ input: 1.4, output: 4.4, cachedInput: 0.26 });
    expect(cf.lead?.model).toBe("@cf/zai-org/glm-4.7-flash");
    expect(cf.lead?.reasoning).toEqual({ effort: "none", explicit: false });
    expect(loadSettings({ LLM_BASE_URL: "http://127.0.0.1:9/v1" }).delegate.prices).toBeNull();
  });

  it("a refused stream is remembered per endpoint: the next call goes without it", async () => {
    const fake = await startFakeModel({ answer: (r) => (r.stream ? { status: 400, body: { error: { message: "stream not supported" } } } : { body: completion("ok") }) });
    try {
      const settings = loadSettings({ LLM_BASE_URL: fake.baseUrl });
      const memory = new StreamMemory();
      const delegate = new ChatEndpoint(createChatClient(settings.delegate, { maxRetries: 0 }), settings.delegate, memory, false);
      expect((await delegate.complete([{ role: "user", content: "hi" }])).kind).toBe("stream_refused");
      expect(await delegate.complete([{ role: "user", content: "hi" }])).toMatchObject({ kind: "answered", content: "ok" });
      expect(fake.calls.map((c) => c.request.stream)).toEqual([true, false]);
    } finally {
      await fake.close();
    }
  });
});
