import picomatch from "picomatch";
import { parse as parseYaml } from "yaml";
import type { PathInstruction, RepoInstructions } from "./maintainer-instructions.js";

/** Where teams already keep instructions for AI tools (CodeRabbit, Copilot and PR-Agent read these too). */
export type InstructionSource = { path: string; kind: "agents" | "claude" | "copilot" | "scoped"; dir: string };

const SCOPED_PATH = /^\.github\/instructions\/[^/]+\.instructions\.md$/;
/** Whether a path of the tree is one of the instruction files this reads (the tree's other paths are not kept). */
export const isInstructionPath = (path: string): boolean => /(^|\/)AGENTS\.md$|^CLAUDE\.md$|^\.github\/copilot-instructions\.md$/.test(path) || SCOPED_PATH.test(path);

/** Scoped instruction files read at most (their applyTo decides which apply). */
const MAX_SCOPED = 20;
const dirOf = (path: string) => (path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "");

/**
 * Which files to read, from the default branch's paths: the nearest AGENTS.md up from each changed file
 * (one per directory that has one), the root CLAUDE.md, `.github/copilot-instructions.md` and
 * `.github/instructions/*.instructions.md`. Nearest first: the most specific words get the room first.
 */
export function findInstructionSources(treePaths: readonly string[], changedPaths: readonly string[]): InstructionSource[] {
  const present = new Set(treePaths);
  const agents = new Map<string, InstructionSource>();
  for (const changed of changedPaths) {
    for (let dir = dirOf(changed); ; dir = dirOf(dir)) {
      const path = dir ? `${dir}/AGENTS.md` : "AGENTS.md";
      if (present.has(path)) {
        agents.set(path, { path, kind: "agents", dir });
        break;
      }
      if (!dir) break;
    }
  }
  const nearestFirst = [...agents.values()].sort((a, b) => b.dir.split("/").length - a.dir.split("/").length || a.dir.localeCompare(b.dir));
  const scoped = treePaths.filter((p) => SCOPED_PATH.test(p)).sort().slice(0, MAX_SCOPED);
  return [
    ...nearestFirst.filter((s) => s.dir !== ""),
    ...scoped.map((path): InstructionSource => ({ path, kind: "scoped", dir: "" })),
    ...nearestFirst.filter((s) => s.dir === ""),
    ...(present.has("CLAUDE.md") ? [{ path: "CLAUDE.md", kind: "claude" as const, dir: "" }] : []),
    ...(present.has(".github/copilot-instructions.md") ? [{ path: ".github/copilot-instructions.md", kind: "copilot" as const, dir: "" }] : []),
  ];
}

/** A `.instructions.md` file's `applyTo` globs (front matter, comma-separated or a list) and its body. */
function readFrontMatter(text: string): { applyTo: string[]; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) return { applyTo: [], body: text };
  let meta: unknown;
  try {
    meta = parseYaml(m[1] ?? "");
  } catch {
    meta = null;
  }
  const raw = (meta as { applyTo?: unknown } | null)?.applyTo;
  const globs = (Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(",") : []).filter((g): g is string => typeof g === "string").map((g) => g.trim()).filter(Boolean);
  return { applyTo: globs, body: text.slice(m[0].length) };
}

/**
 * Text within `max` characters that keeps what matters for this PR: split at Markdown headings, the
 * opening section and the sections that name a changed file's directory, name or extension come first,
 * the rest follow while they fit; kept sections stay in document order, and the cut is said. Copilot
 * keeps the first 4,000 characters whatever they say; this keeps the relevant ones.
 */
export function fitSections(text: string, max: number, changedPaths: readonly string[]): { text: string; cut: boolean } {
  const trimmed = text.trim();
  if (trimmed.length <= max) return { text: trimmed, cut: false };
  const sections = trimmed.split(/\n(?=#{1,6} )/);
  const words = new Set(changedPaths.flatMap((p) => [...p.split("/"), p.slice(p.lastIndexOf(".") + 1)]).filter((w) => w.length >= 2).map((w) => w.toLowerCase()));
  const relevant = (s: string) => [...words].some((w) => s.toLowerCase().includes(w));
  const order = sections.map((s, i) => ({ s, i })).sort((a, b) => Number(b.i === 0) - Number(a.i === 0) || Number(relevant(b.s)) - Number(relevant(a.s)) || a.i - b.i);
  const note = "\n[… sections left out to fit the instructions' share of the prompt]";
  const kept = new Set<number>();
  let used = note.length;
  for (const { s, i } of order) {
    if (used + s.length + 1 > max) continue;
    kept.add(i);
    used += s.length + 1;
  }
  const body = sections.filter((_, i) => kept.has(i)).join("\n");
  return { text: body ? `${body}${note}` : trimmed.slice(0, Math.max(0, max - note.length)) + note, cut: true };
}

/**
 * The instruction files as the prompts take them: AGENTS.md in a subdirectory and matching `.instructions.md`
 * files as path instructions (only those matching a file under review are ever sent), the root AGENTS.md,
 * CLAUDE.md and copilot-instructions.md as general instructions, within `maxChars` in all, nearest first.
 */
export function composeInstructionFiles(files: readonly (InstructionSource & { text: string })[], changedPaths: readonly string[], maxChars: number): { instructions: RepoInstructions; used: string[]; cut: string[] } {
  const general: string[] = [];
  const paths: PathInstruction[] = [];
  const used: string[] = [];
  const cut: string[] = [];
  const candidates = files.flatMap((f) => {
    if (f.kind !== "scoped") return [{ ...f, body: f.text, glob: f.kind === "agents" && f.dir ? `${f.dir}/**` : null }];
    const { applyTo, body } = readFrontMatter(f.text);
    const globs = applyTo.filter((g) => changedPaths.some((p) => picomatch(g, { dot: true })(p)));
    return globs.length > 0 ? [{ ...f, body, glob: globs.length === 1 ? globs[0]! : `{${globs.join(",")}}` }] : [];
  });
  let left = maxChars;
  for (const [i, f] of candidates.entries()) {
    const share = Math.floor(left / (candidates.length - i));
    const fitted = fitSections(f.body, share - f.path.length - 10, changedPaths);
    if (!fitted.text) continue;
    const text = `From ${f.path}:\n${fitted.text}`;
    left -= text.length;
    used.push(f.path);
    if (fitted.cut) cut.push(f.path);
    if (f.glob) paths.push({ path: f.glob, instructions: text });
    else general.push(text);
  }
  return { instructions: { general: general.join("\n\n"), paths }, used, cut };
}
