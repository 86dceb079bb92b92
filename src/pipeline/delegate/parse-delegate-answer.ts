import { answerEnvelopeSchema, findingSchema, resolvedSchema, type Finding } from "../../review/answer/delegate-answer-schema.js";
import { extractJsonObject } from "../../review/answer/extract-json-object.js";

export type ParsedAnswer =
  | { ok: true; summary: string; findings: Finding[]; invalidFindings: number; resolved: { id: string; reason: string }[] }
  | { ok: false; reason: string };

/** The delegate's text -> validated findings. A bad finding is counted and skipped, not fatal. */
export function parseDelegateAnswer(text: string): ParsedAnswer {
  const json = extractJsonObject(text);
  if (!json) return { ok: false, reason: "no JSON object in the answer" };
  const envelope = answerEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    return { ok: false, reason: `the JSON does not have the expected shape (${envelope.error.issues[0]?.path.join(".") || "root"}: ${envelope.error.issues[0]?.message})` };
  }
  if (envelope.data.findings == null && envelope.data.summary == null) {
    return { ok: false, reason: 'the JSON has neither "summary" nor "findings"' };
  }
  const findings: Finding[] = [];
  let invalidFindings = 0;
  for (const raw of envelope.data.findings ?? []) {
    const f = findingSchema.safeParse(raw);
    if (!f.success) {
      invalidFindings++;
      continue;
    }
    const d = f.data;
    const startLine = d.start_line != null && d.start_line !== d.line ? d.start_line : undefined;
    findings.push({
      path: d.path,
      startLine,
      line: d.line,
      severity: d.severity,
      title: d.title,
      rootCause: d.root_cause ?? "",
      suggestion: d.suggestion ?? undefined,
    });
  }
  // Earlier findings the diff fixed: a malformed entry is skipped like a malformed finding.
  const resolved = (envelope.data.resolved ?? []).flatMap((raw) => {
    const r = resolvedSchema.safeParse(raw);
    return r.success ? [{ id: r.data.id, reason: r.data.reason ?? "" }] : [];
  });
  return { ok: true, summary: envelope.data.summary ?? "", findings, invalidFindings, resolved };
}
