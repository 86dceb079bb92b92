import { readFileSync } from "node:fs";

export type PromptName = "lead-system" | "delegate-system" | "coder-system" | "thread-answer-system";

const cache = new Map<PromptName, string>();

/** Prompts are Markdown files beside this module (copied to lib/prompts by the build); read once. */
export function loadPrompt(name: PromptName): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`./${name}.md`, import.meta.url), "utf8").trim();
    cache.set(name, text);
  }
  return text;
}

/** Fills `{{key}}` placeholders; an unknown placeholder is left as it is. */
export function fillPrompt(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}
