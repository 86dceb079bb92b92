import nock from "nock";

export const LLM_ORIGIN = "https://llm.test";

export interface ModelCalls {
  lead: any[];
  delegate: any[];
}

export const newModelCalls = (): ModelCalls => ({ lead: [], delegate: [] });

export function chatAnswer(content: string, options: { reasoning?: string; finish?: string; usage?: Record<string, unknown> | null } = {}) {
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1,
    model: "m",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, reasoning_content: options.reasoning ?? "" },
        finish_reason: options.finish ?? "stop",
      },
    ],
    ...(options.usage === null
      ? {}
      : { usage: options.usage ?? { prompt_tokens: 1200, completion_tokens: 800, total_tokens: 2000, completion_tokens_details: { reasoning_tokens: 500 } } }),
  };
}

export const LEAD_TEXT = "Makes `divide` return 0 for a zero divisor and adds `half`.\n\n- src/math.ts: the zero check changes the result for b = 0.";

/** The lead answers once with a short summary. */
export function mockLead(calls: ModelCalls, reply: { status: number; body: unknown } = { status: 200, body: chatAnswer(LEAD_TEXT, { usage: { prompt_tokens: 300, completion_tokens: 60, total_tokens: 360 } }) }): void {
  nock(LLM_ORIGIN)
    .post("/v1/chat/completions", (body) => body.model === "lead-small" && (calls.lead.push(body), true))
    .reply(reply.status, reply.body as nock.Body);
}

/** The delegate answers once, however the test wants (a delay makes a timeout). */
export function mockDelegate(calls: ModelCalls, reply: { status: number; body: unknown; delayMs?: number; headers?: Record<string, string> }): void {
  const scope = nock(LLM_ORIGIN).post("/v1/chat/completions", (body) => body.model !== "lead-small" && (calls.delegate.push(body), true));
  (reply.delayMs ? scope.delay(reply.delayMs) : scope).reply(reply.status, reply.body as nock.Body, reply.headers);
}

export const GOOD_FINDING = {
  path: "src/math.ts",
  start_line: 2,
  line: 2,
  severity: "high",
  title: "Division by zero returns 0 silently",
  root_cause: "Callers cannot tell a real 0 from a zero divisor; @octocat said so too.",
  suggestion: '  if (b === 0) throw new RangeError("division by zero");',
};

export const delegateJson = (findings: unknown[] = [GOOD_FINDING], summary = "One real defect.") =>
  "Here is my review:\n```json\n" + JSON.stringify({ summary, findings }) + "\n```\n";
