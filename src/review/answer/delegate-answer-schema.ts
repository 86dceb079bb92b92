import { z } from "zod";

export const SEVERITIES = ["high", "medium", "low", "nit"] as const;
export type Severity = (typeof SEVERITIES)[number];

const lineNumber = z.preprocess(
  (v) => (typeof v === "string" && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z.number().int().min(1).max(10_000_000),
);

const severity = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
  z.enum(SEVERITIES).catch("medium"),
);

/** One finding as the contract defines it; models' small slips (numeric strings, "High") are accepted. */
export const findingSchema = z.object({
  path: z.string().trim().min(1).max(1000).transform((p) => p.replace(/^(\.\/|[ab]\/)/, "")),
  start_line: lineNumber.optional().nullable(),
  line: lineNumber,
  severity: severity.default("medium"),
  title: z.string().trim().min(1).max(10_000),
  root_cause: z.string().max(100_000).optional().nullable(),
  suggestion: z.string().max(100_000).optional().nullable(),
});

export type Finding = {
  path: string;
  startLine: number | undefined;
  line: number;
  severity: Severity;
  title: string;
  rootCause: string;
  suggestion: string | undefined;
};

/** An earlier finding the diff fixed, named by the id its prompt gave it. */
export const resolvedSchema = z.object({ id: z.string().trim().min(1).max(100), reason: z.string().max(2000).optional().nullable() });

export const answerEnvelopeSchema = z.object({
  summary: z.string().max(100_000).optional().nullable(),
  findings: z.array(z.unknown()).max(1000).optional().nullable(),
  resolved: z.array(z.unknown()).max(100).optional().nullable(),
});
