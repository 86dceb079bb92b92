import { briefDetail } from "./classify-model-error.js";

export interface ProviderError {
  /** The provider's own words, in one line. */
  message: string;
  code?: string | number;
}

const record = (value: unknown): Record<string, unknown> | null => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null);
const words = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value : null);

/** `{"error": {...}}` (OpenAI, vLLM, OpenRouter) or `{"error": "text"}` (Ollama, some proxies). */
function fromErrorKey(body: Record<string, unknown>): ProviderError | null {
  const text = words(body.error);
  if (text) return { message: text };
  const error = record(body.error);
  const message = error && (words(error.message) ?? words(error.detail));
  if (!message) return null;
  const code = error.code;
  return { message, ...(typeof code === "string" || typeof code === "number" ? { code } : {}) };
}

/** Cloudflare's API envelope: `{"errors":[{"code":5028,"message":"…"}],"success":false}`, with no `error` key. */
function fromErrorsList(body: Record<string, unknown>): ProviderError | null {
  if (!Array.isArray(body.errors)) return null;
  const items = body.errors.map(record).filter((e): e is Record<string, unknown> => e !== null && words(e.message) !== null);
  if (items.length === 0) return null;
  const message = items.map((e) => (e.code === undefined ? String(e.message) : `${String(e.code)}: ${String(e.message)}`)).join("; ");
  const code = items[0]?.code;
  return { message, ...(typeof code === "string" || typeof code === "number" ? { code } : {}) };
}

/** "an HTML page ("502 Bad Gateway")" when a body is a page (a proxy's, a gateway's), null otherwise. */
export function htmlPageName(raw: string, contentType: string): string | null {
  if (!/^\s*</.test(raw) && !contentType.includes("html")) return null;
  const title = /<title>([^<]{1,120})<\/title>/i.exec(raw)?.[1];
  return `an HTML page${title ? ` ("${briefDetail(title, 80)}")` : ""}`;
}

/**
 * What a provider said in an error body, whatever its envelope: OpenAI's `error`, Cloudflare's
 * `errors[]`, a bare `message` or `detail` (FastAPI-style servers), plain text, or an HTML page (a
 * proxy's), which is named as one with its title. The openai SDK keeps only an `error` key, so a body
 * in any other shape would reach the summary as "status code (no body)".
 */
export function readProviderError(raw: string, contentType: string): ProviderError {
  const trimmed = raw.trim();
  if (trimmed === "") return { message: "the endpoint answered an empty body" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    parsed = undefined;
  }
  const body = record(parsed);
  if (body) {
    const found = fromErrorKey(body) ?? fromErrorsList(body) ?? (words(body.message) ?? words(body.detail) ? { message: String(body.message ?? body.detail) } : null);
    return found ? { ...found, message: briefDetail(found.message) } : { message: `the endpoint answered ${briefDetail(trimmed, 200)}` };
  }
  const page = htmlPageName(trimmed, contentType);
  if (page) return { message: `the endpoint answered ${page}` };
  return { message: briefDetail(trimmed) };
}
