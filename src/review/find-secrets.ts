import { lintSource } from "@secretlint/core";
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
  try {
    const result = await lintSource({
      source: { filePath: "/diff.txt", content: text, contentType: "text" },
      options: { config: SECRETLINT_CONFIG },
    });
    for (const message of result.messages) {
      const [start, end] = message.range;
      spans.push({ start, end, rule: message.ruleId.replace(/^@secretlint\/secretlint-rule-/, "") });
    }
  } catch {
    // The own rules above still apply.
  }
  return spans;
}
