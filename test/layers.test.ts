import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "@jest/globals";

/**
 * The house's rules, read from the source: rooms import downwards only, no folder imports a file of
 * a folder above it, and no two folders import each other (directly or round a cycle).
 */
const SRC = new URL("../src/", import.meta.url).pathname;
/** Lowest first: a room may import its own and the rooms before it. */
const ROOMS = ["prompts", "review", "models", "settings", "triggers", "redis", "store", "github", "http", "pipeline", "jobs", "startup", "doctor", "."];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith(".ts") ? [path] : [];
  });
}

const imports = sources(SRC).flatMap((file) =>
  [...readFileSync(file, "utf8").matchAll(/from "(\.{1,2}\/[^"]+)"/g)].map((m) => ({
    from: relative(SRC, file),
    to: relative(SRC, normalize(join(dirname(file), m[1]!))).replace(/\.js$/, ".ts"),
  })),
);
const roomOf = (path: string) => (path.includes("/") ? path.split("/")[0]! : ".");

describe("the house's layout", () => {
  it("rooms import downwards only", () => {
    const upwards = imports.filter(({ from, to }) => ROOMS.indexOf(roomOf(to)) > ROOMS.indexOf(roomOf(from))).map(({ from, to }) => `${from} -> ${to}`);
    expect(upwards).toEqual([]);
    expect(imports.every(({ from }) => ROOMS.includes(roomOf(from)))).toBe(true);
  });

  it("no folder imports a file of a folder above it", () => {
    const up = imports.filter(({ from, to }) => {
      const [a, b] = [dirname(from), dirname(to)];
      return a !== b && b !== "." && a.startsWith(`${b}/`);
    });
    expect(up.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });

  it("no two folders depend on each other, directly or round a cycle", () => {
    const edges = new Map<string, Set<string>>();
    for (const { from, to } of imports) {
      const [a, b] = [dirname(from), dirname(to)];
      if (a !== b) edges.set(a, (edges.get(a) ?? new Set()).add(b));
    }
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      if (path.includes(node)) return cycles.push([...path.slice(path.indexOf(node)), node].join(" -> "));
      for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    };
    for (const node of edges.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});
