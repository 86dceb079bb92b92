import type { DiffModel, ReviewableFile } from "../diff/diff-model.js";
import { findSecrets, type SecretSpan } from "./find-secrets.js";

export const MASK = "[MASKED]";

/** Merges overlapping spans (two rules on one key count once). */
function merge(spans: SecretSpan[]): SecretSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: SecretSpan[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** Masks spans line by line, so a multi-line secret keeps the line count (and every line number) intact. */
function maskLines(lines: string[], spans: SecretSpan[]): string[] {
  const masked = [...lines];
  let offset = 0;
  const starts = lines.map((l) => {
    const s = offset;
    offset += l.length + 1;
    return s;
  });
  for (let i = lines.length - 1; i >= 0; i--) {
    const lineStart = starts[i] ?? 0;
    const lineEnd = lineStart + (lines[i]?.length ?? 0);
    // Right to left within the line so earlier offsets stay valid.
    for (const span of [...spans].reverse()) {
      const from = Math.max(span.start, lineStart);
      const to = Math.min(span.end, lineEnd);
      if (from >= to) continue;
      const line = masked[i] ?? "";
      masked[i] = line.slice(0, from - lineStart) + MASK + line.slice(to - lineStart);
    }
  }
  return masked;
}

export async function maskFile(file: ReviewableFile, knownSecrets: readonly string[]): Promise<{ file: ReviewableFile; count: number }> {
  // One scan per file: the hunks' lines without their diff marker, as the code reads.
  const lines = file.hunks.flatMap((h) => h.lines.map((l) => l.slice(1)));
  const spans = merge(await findSecrets(lines.join("\n"), knownSecrets));
  if (spans.length === 0) return { file, count: 0 };
  const maskedText = maskLines(lines, spans);
  let k = 0;
  const hunks = file.hunks.map((h) => ({ ...h, lines: h.lines.map((l) => (l[0] ?? "") + (maskedText[k++] ?? "")) }));
  return { file: { ...file, hunks }, count: spans.length };
}

/**
 * Every file of a diff at once: likely secrets become [MASKED], line numbers and hunks unchanged. A review
 * masks less: only the files its prompts keep (DiffMasker, buildMaskedPrompt); this is the whole-diff form
 * for tests and for the bench that compares the two.
 */
export async function maskSecretsInDiff(diff: DiffModel, knownSecrets: readonly string[] = []): Promise<{ diff: DiffModel; masked: number }> {
  let masked = 0;
  const files: ReviewableFile[] = [];
  for (const file of diff.files) {
    const result = await maskFile(file, knownSecrets);
    masked += result.count;
    files.push(result.file);
  }
  return { diff: { ...diff, files }, masked };
}

/** The same for free text (PR title and body). */
export async function maskSecretsInText(text: string, knownSecrets: readonly string[] = []): Promise<{ text: string; masked: number }> {
  const spans = merge(await findSecrets(text, knownSecrets));
  return { text: maskLines(text.split("\n"), spans).join("\n"), masked: spans.length };
}
