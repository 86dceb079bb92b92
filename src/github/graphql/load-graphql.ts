import { readFileSync } from "node:fs";

export type GraphqlDocument = "review-threads" | "resolve-review-thread";

const cache = new Map<GraphqlDocument, string>();

/** A GraphQL document beside this module (copied to lib/github/graphql by the build), comments dropped; read once. */
export function loadGraphql(name: GraphqlDocument): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`./${name}.graphql`, import.meta.url), "utf8")
      .split("\n")
      .filter((line) => !line.trimStart().startsWith("#"))
      .join("\n")
      .trim();
    cache.set(name, text);
  }
  return text;
}
