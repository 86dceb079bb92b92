/** Past this, a model answer is not scanned for JSON: the work would be quadratic in the worst case. */
export const MAX_SCANNED_CHARS = 200_000;

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** End index (inclusive) of the balanced {...} starting at `start`, honouring JSON strings; -1 if none. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}

/**
 * Finds the JSON object in a model answer: bare JSON, a ```json fence, or an object inside prose.
 * Prefers an object with a "findings" or "summary" key. Returns undefined when there is none.
 */
export function extractJsonObject(answer: string): Record<string, unknown> | undefined {
  const text = answer.length > MAX_SCANNED_CHARS ? answer.slice(0, MAX_SCANNED_CHARS) : answer;
  const candidates: Record<string, unknown>[] = [];
  const whole = tryParse(text.trim());
  if (isObject(whole)) return whole;
  for (const fence of text.matchAll(/```[a-zA-Z]*\s*\n([\s\S]*?)```/g)) {
    const parsed = tryParse((fence[1] ?? "").trim());
    if (isObject(parsed)) candidates.push(parsed);
  }
  if (candidates.length === 0) {
    for (let i = text.indexOf("{"); i !== -1; i = text.indexOf("{", i + 1)) {
      const end = matchingBrace(text, i);
      if (end === -1) break;
      const parsed = tryParse(text.slice(i, end + 1));
      if (isObject(parsed)) {
        candidates.push(parsed);
        if ("findings" in parsed) break;
        i = end;
      }
    }
  }
  return candidates.find((c) => "findings" in c || "summary" in c) ?? candidates[0];
}
