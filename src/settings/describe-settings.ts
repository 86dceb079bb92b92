import type { RoleSettings, Settings } from "./settings-schema.js";

const host = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return "(bad URL)";
  }
};

const role = (name: string, r: RoleSettings) =>
  `${name}: ${r.model} at ${host(r.baseURL)} (${r.provider}, reasoning ${r.reasoning.effort}${r.reasoning.explicit ? "" : " by default"}` +
  `${r.prices ? `, $${r.prices.input}/$${r.prices.output} per M tokens` : ", no prices"})`;

/**
 * The settings in a few lines, never a key: printed at start and by the doctor, so what the process
 * runs with can be read without opening the environment.
 */
export function describeSettings(s: Settings): string[] {
  return [
    role("delegate", s.delegate) + `; max_tokens ${s.delegate.maxTokens}, prompt cap ${s.delegate.inputTokens}, timeout ${s.delegate.timeoutMs} ms, stall ${s.delegate.stallMs} ms`,
    s.lead ? role("lead", s.lead) + `; up to ${s.lead.maxCalls} calls per review` : "lead: none (LEAD_MODEL unset: summaries are file lists)",
    s.coder ? role("coder", s.coder) + `; up to ${s.coder.maxCalls} calls per review` : "coder: none",
    `budget: ${s.dailyBudgetUsd !== null ? `$${s.dailyBudgetUsd} and ` : ""}${s.dailyTokenBudget} delegate tokens per UTC day (the tighter holds); ${s.reviewConcurrency} reviews at once`,
    `state: ${s.redisUrl ? `Redis at ${host(s.redisUrl)} (shared by replicas)` : "embedded"}, local data in ${s.dataDir}`,
    ...(s.webhookProxyUrl ? [`webhooks: through the proxy channel ${host(s.webhookProxyUrl)}`] : []),
  ];
}
