import { createHash } from "node:crypto";

/**
 * Wraps untrusted text (diff, PR title and body) in markers the text cannot forge: the end marker
 * carries a hash of the content, so a PR that writes "<<<END diff" does not close the section.
 * Deterministic, so the same PR gives the same prompt.
 */
export function dataSection(name: string, content: string): string {
  const tag = `${name} ${createHash("sha256").update(content).digest("hex").slice(0, 12)}`;
  return `<<<BEGIN ${tag}\n${content}\n<<<END ${tag}`;
}
