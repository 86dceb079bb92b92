import { readProviderError } from "./provider-error.js";

/**
 * The model client's fetch: an error answer's body is read here and handed on in OpenAI's envelope
 * (`{"error": {"message", "code"}}`), the one shape the openai SDK keeps. Successful answers, streams
 * included, pass through untouched.
 */
export function fetchReadingErrors(inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (response.ok) return response;
    const raw = await response.text().catch(() => "");
    const error = readProviderError(raw, response.headers.get("content-type") ?? "");
    const headers = new Headers(response.headers);
    for (const name of ["content-length", "content-encoding", "transfer-encoding"]) headers.delete(name);
    headers.set("content-type", "application/json");
    return new Response(JSON.stringify({ error }), { status: response.status, statusText: response.statusText, headers });
  };
}
