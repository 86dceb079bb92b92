// GitHub's GraphQL as the app uses it, for the fakes: every document is validated against GitHub's
// published schema (@octokit/graphql-schema) before it is answered, and answered from the fake's state
// the way GitHub shapes it (review threads paged, comments with databaseId, resolveReviewThread).
import { readFileSync } from "node:fs";
import { buildSchema, parse, validate } from "graphql";

// The package's exports map hides its files from require.resolve: read it from node_modules.
const SCHEMA_FILE = new URL("../../node_modules/@octokit/graphql-schema/schema.graphql", import.meta.url);
let schema;
/** GitHub's public schema (its SDL repeats two fields, hence assumeValidSDL). */
function githubSchema() {
  schema ??= buildSchema(readFileSync(SCHEMA_FILE, "utf8"), { assumeValidSDL: true });
  return schema;
}

/** Schema errors of a document (empty when GitHub would accept it). */
export function graphqlErrors(query) {
  try {
    return validate(githubSchema(), parse(query)).map((e) => e.message);
  } catch (error) {
    return [String(error.message ?? error)];
  }
}

/**
 * Answers one GraphQL request from `state` ({ threads: [{ id, pull, isResolved, isOutdated, resolvedBy, comments: [...] }] }):
 * [status, body]. An invalid document gets GitHub's 200-with-errors answer.
 */
export function answerGraphql(state, request) {
  const errors = graphqlErrors(request.query ?? "");
  if (errors.length > 0) return [200, { errors: errors.map((message) => ({ message })) }];
  const vars = request.variables ?? {};
  if (/resolveReviewThread/.test(request.query)) {
    const thread = state.threads.find((t) => t.id === vars.threadId);
    if (!thread) return [200, { data: { resolveReviewThread: null }, errors: [{ type: "NOT_FOUND", message: `Could not resolve to a node with the global id of '${vars.threadId}'` }] }];
    thread.isResolved = true;
    thread.resolvedBy = "glm-review[bot]";
    return [200, { data: { resolveReviewThread: { thread: { id: thread.id, isResolved: true } } } }];
  }
  const all = state.threads.filter((t) => t.pull === vars.number);
  const start = vars.after ? Number(vars.after) : 0;
  const page = all.slice(start, start + 50);
  const nodes = page.map((t) => ({
    id: t.id,
    isResolved: t.isResolved,
    isOutdated: t.isOutdated ?? false,
    // GitHub gives an outdated thread no current line.
    path: t.comments[0]?.path ?? "",
    line: t.isOutdated ? null : (t.comments[0]?.line ?? null),
    startLine: t.isOutdated ? null : (t.comments[0]?.start_line ?? null),
    resolvedBy: t.isResolved && t.resolvedBy ? { login: t.resolvedBy } : null,
    comments: {
      nodes: t.comments.map((c) => ({
        databaseId: c.id,
        body: c.body,
        author: { __typename: c.user.type === "Bot" ? "Bot" : "User", login: c.user.login },
        // GitHub lists every reaction content, with the reactors of each.
        reactionGroups: ["THUMBS_UP", "THUMBS_DOWN", "LAUGH", "HOORAY", "CONFUSED", "HEART", "ROCKET", "EYES"].map((content) => ({
          content,
          reactors: { nodes: (c.reactions?.[content] ?? []).map((login) => ({ __typename: login.endsWith("[bot]") ? "Bot" : "User", ...(login.endsWith("[bot]") ? {} : { login }) })) },
        })),
      })),
    },
  }));
  const hasNextPage = start + 50 < all.length;
  return [200, { data: { repository: { pullRequest: { reviewThreads: { pageInfo: { hasNextPage, endCursor: hasNextPage ? String(start + 50) : null }, nodes } } } } }];
}
