import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Language, Parser, type Tree } from "web-tree-sitter";

/**
 * File extension → grammar of @vscode/tree-sitter-wasm (VS Code's prebuilt WebAssembly grammars: no
 * native build). C shares the C++ grammar, which parses C well enough to find scopes and count errors.
 */
const GRAMMARS: Record<string, string> = {
  ts: "typescript", mts: "typescript", cts: "typescript",
  tsx: "tsx",
  js: "javascript", mjs: "javascript", cjs: "javascript", jsx: "javascript",
  py: "python", pyi: "python",
  go: "go",
  java: "java",
  rs: "rust",
  rb: "ruby", rake: "ruby",
  cs: "c-sharp",
  c: "cpp", h: "cpp", cc: "cpp", cpp: "cpp", cxx: "cpp", hpp: "cpp", hh: "cpp", hxx: "cpp",
  php: "php",
  sh: "bash", bash: "bash",
  css: "css",
};

export function grammarFor(path: string): string | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  return ext ? GRAMMARS[ext] : undefined;
}

const wasmDir = dirname(createRequire(import.meta.url).resolve("@vscode/tree-sitter-wasm"));
let ready: Promise<void> | undefined;
const languages = new Map<string, Promise<Language>>();

async function languageFor(grammar: string): Promise<Language> {
  ready ??= Parser.init();
  await ready;
  let language = languages.get(grammar);
  if (!language) {
    language = Language.load(join(wasmDir, `tree-sitter-${grammar}.wasm`));
    languages.set(grammar, language);
  }
  return language;
}

/**
 * The syntax tree of a file, or null when no grammar knows its language (the caller falls back to
 * indentation). The caller deletes the tree when done (WASM memory is not garbage-collected).
 */
export async function parseSource(path: string, text: string): Promise<Tree | null> {
  const grammar = grammarFor(path);
  if (!grammar) return null;
  const language = await languageFor(grammar);
  const parser = new Parser();
  try {
    parser.setLanguage(language);
    return parser.parse(text);
  } finally {
    parser.delete();
  }
}
