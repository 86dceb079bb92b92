import { performance } from "node:perf_hooks";
import { lintSource } from "@secretlint/core";
import { secretLintProfiler } from "@secretlint/profiler";
import { creator as recommendedRules } from "@secretlint/secretlint-rule-preset-recommend";
import { shannonEntropy } from "./shannon-entropy.js";

/** A secret's place in a text: [start, end) character offsets, and the rule that found it. */
export interface SecretSpan {
  start: number;
  end: number;
  rule: string;
}

const SECRETLINT_CONFIG = { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: recommendedRules }] };

/** name = "value" where the name says secret and the value looks random (not a reference like process.env.X). */
const ASSIGNMENT = /\b([\w.-]*(?:secret|token|passw(?:or)?d|pwd|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?key|credential)[\w.-]*)["']?\s*(?:[:=]|:=|=>)\s*(["'`]?)([^\s"'`,;)]{12,})\2/gi;
const AWS_ACCESS_KEY_ID = /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA)[A-Z0-9]{16}\b/g;
const REFERENCE = /^(process\.env|os\.environ|env\.|\$\{|\$[A-Z_]|secrets\.|vault:|<|\{\{)/i;
const MIN_ENTROPY = 3.5;

/** Our own rules, beside secretlint's: high-entropy assignments and AWS key ids alone. */
function findByOwnRules(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const m of text.matchAll(ASSIGNMENT)) {
    const value = m[3] ?? "";
    if (REFERENCE.test(value) || shannonEntropy(value) < MIN_ENTROPY) continue;
    const start = (m.index ?? 0) + m[0].lastIndexOf(value);
    spans.push({ start, end: start + value.length, rule: "high-entropy-assignment" });
  }
  for (const m of text.matchAll(AWS_ACCESS_KEY_ID)) {
    spans.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, rule: "aws-access-key-id" });
  }
  return spans;
}

function findKnownValues(text: string, knownSecrets: readonly string[]): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const secret of knownSecrets) {
    if (secret.length < 8) continue;
    for (let i = text.indexOf(secret); i !== -1; i = text.indexOf(secret, i + secret.length)) {
      spans.push({ start: i, end: i + secret.length, rule: "app-own-secret" });
    }
  }
  return spans;
}

/**
 * Likely secrets in a text: secretlint's recommended preset (private keys, cloud, GitHub, Slack, npm,
 * database URLs, ...), our own rules, and the app's own keys. Never throws: a rule failure means fewer hits.
 */
export async function findSecrets(text: string, knownSecrets: readonly string[] = []): Promise<SecretSpan[]> {
  const spans = [...findByOwnRules(text), ...findKnownValues(text, knownSecrets)];
  const found = lintQueue.then(() => lintAndForget(text));
  lintQueue = found;
  for (const message of await found) {
    const [start, end] = message.range;
    spans.push({ start, end, rule: message.ruleId.replace(/^@secretlint\/secretlint-rule-/, "") });
  }
  return spans;
}

type LintMessages = Awaited<ReturnType<typeof lintSource>>["messages"];

/** One secretlint run at a time: its profiler is process-wide, and its marks are cleared between runs. */
let lintQueue: Promise<unknown> = Promise.resolve();

async function lintAndForget(text: string): Promise<LintMessages> {
  try {
    const result = await lintSource({
      source: { filePath: "/diff.txt", content: text, contentType: "text" },
      options: { config: SECRETLINT_CONFIG },
    });
    return result.messages;
  } catch {
    return []; // the own rules still apply
  } finally {
    await forgetProfilerMarks().catch(() => {});
  }
}

/**
 * secretlint's core marks every run in a process-wide profiler and in Node's performance timeline and
 * keeps them all, with no switch to turn that off: about 6 MB per 1,000 calls, and slower calls as the
 * lists grow. We never read the profile, so each run's marks are dropped after it: once the observer
 * has delivered them (a turn of the event loop) and the measures it builds from them have run (only
 * then, or a measure would miss its mark). Runs are serialised, so no other run's marks are in flight.
 */
async function forgetProfilerMarks(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  const entries = await secretLintProfiler.getEntries();
  const measures = await secretLintProfiler.getMeasures();
  for (const name of new Set(entries.map((e) => e.name))) performance.clearMarks(name);
  for (const name of new Set(measures.map((m) => m.name))) performance.clearMeasures(name);
  entries.length = 0;
  measures.length = 0;
}
