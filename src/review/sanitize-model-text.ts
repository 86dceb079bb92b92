import { truncateText } from "./truncate-text.js";

const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const CODE_SPAN = /(`+)[\s\S]*?\1/g;

function neutraliseProse(prose: string): string {
  return prose
    // Raw HTML can hide text or forge the app's marker: show it as text instead.
    .replace(/<(?=[A-Za-z/!?])/g, "&lt;")
    // @user and @org/team would ping people the PR author chose: break the mention, keep the text.
    .replace(/(^|[^\w`])@(?=[A-Za-z0-9])/g, "$1@\u200b");
}

/**
 * Model text is untrusted. Outside code spans: HTML tags and comments are escaped and mentions do not
 * ping; everywhere: control characters go, and the length is capped.
 */
export function sanitizeModelText(text: string, maxChars: number): string {
  const clean = text.replace(CONTROL_CHARS, "");
  let out = "";
  let last = 0;
  for (const m of clean.matchAll(CODE_SPAN)) {
    out += neutraliseProse(clean.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  out += neutraliseProse(clean.slice(last));
  return truncateText(out.trim(), maxChars);
}

/** Text for inside `inline code`: one line, no backticks to break out with. */
export function codeSpan(text: string): string {
  return `\`${text.replace(/[`\r\n]/g, " ").slice(0, 300)}\``;
}
