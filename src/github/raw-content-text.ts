/** A contents read's body with the raw media type, as text: Octokit gives a string or an ArrayBuffer; null otherwise (a listing). */
export function rawContentText(data: unknown): string | null {
  return typeof data === "string" ? data : data instanceof ArrayBuffer ? new TextDecoder().decode(data) : null;
}
