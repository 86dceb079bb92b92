import { posix } from "node:path";

/**
 * Files a source file imports by relative path, as candidate repository paths (the first that exists
 * wins): JS/TS `import … from "../../review/context/x"` / `require("../y")`, Python `from .mod import`, Ruby
 * `require_relative`. Package imports (Go, Java, bare npm names) are not files we can name.
 */
export function relativeImports(path: string, text: string): string[][] {
  const dir = posix.dirname(path);
  const out: string[][] = [];
  const add = (candidates: string[]) => {
    const clean = candidates.map((c) => posix.normalize(c)).filter((c) => !c.startsWith(".."));
    if (clean.length > 0) out.push(clean);
  };
  if (/\.(m|c)?[jt]sx?$/.test(path)) {
    for (const m of text.matchAll(/(?:\bfrom\s*|\brequire\(\s*|\bimport\(\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
      const base = posix.join(dir, m[1] ?? "");
      const stem = base.replace(/\.(m|c)?js$/, "");
      add([base, `${stem}.ts`, `${stem}.tsx`, `${stem}.js`, `${stem}.mjs`, `${stem}/index.ts`, `${stem}/index.js`]);
    }
  } else if (path.endsWith(".py")) {
    for (const m of text.matchAll(/^\s*from\s+(\.+)([\w.]*)\s+import\b/gm)) {
      let base = dir;
      for (let up = 1; up < (m[1] ?? ".").length; up++) base = posix.dirname(base);
      const module = (m[2] ?? "").replace(/\./g, "/");
      const target = module ? posix.join(base, module) : base;
      add([`${target}.py`, `${target}/__init__.py`]);
    }
  } else if (path.endsWith(".rb")) {
    for (const m of text.matchAll(/\brequire_relative\s*\(?\s*["']([^"']+)["']/g)) {
      const target = posix.join(dir, m[1] ?? "");
      add([target.endsWith(".rb") ? target : `${target}.rb`]);
    }
  }
  return out;
}
