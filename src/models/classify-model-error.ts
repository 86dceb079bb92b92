/** The provider's error text in one short line: quoted in comments, so it stays brief. */
export function briefDetail(message: string, max = 300): string {
  return message.replace(/\s+/g, " ").trim().slice(0, max);
}

// Cloudflare: "5028: This model was deprecated on …", "5007: No such model"; OpenAI: code model_not_found;
// vLLM / Ollama: "The model `x` does not exist", "model 'x' not found".
const NOT_SERVED =
  /model_not_found|\b50(07|28)\b|no such model|(model|deployment)\b[^.]{0,80}\b(not found|does not exist|doesn't exist|unknown|deprecated|retired|not supported|is not available|unavailable)|(unknown|invalid|unsupported) model|deprecated on/i;

/** A 404 or 410 (Gone: Workers AI's retired model), or an error whose text says the model is unknown, not found or deprecated. */
export function isModelNotServed(status: number | undefined, text: string): boolean {
  return status === 404 || status === 410 || NOT_SERVED.test(text);
}

/** A 4xx whose text names the `stream` parameter: the endpoint cannot stream. */
export function isStreamRefused(status: number | undefined, text: string): boolean {
  return status !== undefined && status >= 400 && status < 500 && status !== 429 && /\bstream(ing|_options)?\b/i.test(text);
}
