import { truncateText } from "./truncate-text.js";

const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const ZWSP = "\u200b";
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/** Links may point here; anything else is shown as text, so a comment cannot send readers elsewhere. */
const LINKABLE_HOSTS = new Set(["github.com", "docs.github.com", "gist.github.com"]);
const MARKDOWN_LINK = /!?\[([^\]\n]{0,300})\]\(\s*([^)\s]*)[^)\n]*\)/g;
const BARE_URL = /(?:https?:\/\/|www\.)[^\s<>`]+/gi;

function linkable(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" && LINKABLE_HOSTS.has(parsed.hostname.toLowerCase());
  } catch {
    return false;
  }
}

/**
 * A URL as plain text: a zero-width space after the scheme (or "www") stops GitHub's autolinking,
 * whatever backticks stand around it, and the address stays readable.
 */
function unlinked(url: string): string {
  return url.replace(/(https?):\/\//gi, `$1:${ZWSP}//`).replace(/\bwww\./gi, `www${ZWSP}.`);
}

/** The fence still open at the end of the text, if any, so it can be closed. */
function openFence(text: string): string | undefined {
  let open: string | undefined;
  for (const line of text.split("\n")) {
    const m = FENCE.exec(line);
    if (!m) continue;
    const run = m[1] ?? "";
    const rest = m[2] ?? "";
    if (open === undefined) {
      if (!(run[0] === "`" && rest.includes("`"))) open = run;
    } else if (run[0] === open[0] && run.length >= open.length && rest.trim() === "") {
      open = undefined;
    }
  }
  return open;
}

/**
 * Model text is untrusted. Raw HTML (tags, comments, the app's marker), @mentions and links to other
 * sites are defused with an invisible zero-width space, everywhere: Markdown lets HTML tags and
 * autolinks win over code spans, so skipping "code" would leave a way round. Code still reads the
 * same. Markdown images are never shown. Control characters go, the length is capped, and a code
 * fence left open is closed, so it cannot swallow the rest of the comment.
 */
export function sanitizeModelText(text: string, maxChars: number): string {
  const neutral = text
    .replace(CONTROL_CHARS, "")
    .replace(/<(?=[A-Za-z/!?])/g, `<${ZWSP}`)
    .replace(/@(?=[A-Za-z0-9])/g, `@${ZWSP}`)
    .replace(MARKDOWN_LINK, (match: string, label: string, url: string) => {
      if (match.startsWith("!")) return `${label || "image"} (image not shown${url ? `: ${unlinked(url)}` : ""})`;
      return linkable(url) ? match : `${label}${url ? ` (${unlinked(url)})` : ""}`;
    })
    .replace(BARE_URL, (url) => (linkable(url) ? url : unlinked(url)));
  let capped = truncateText(neutral.trim(), maxChars);
  for (let fence = openFence(capped); fence !== undefined; fence = openFence(capped)) {
    const room = maxChars - fence.length - 1;
    if (capped.length > room) capped = truncateText(capped, Math.max(0, room));
    else return `${capped}\n${fence}`;
  }
  return capped;
}

/** Text for inside `inline code`: one line, no backticks to break out with. */
export function codeSpan(text: string): string {
  return `\`${text.replace(/[`\r\n]/g, " ").slice(0, 300)}\``;
}
