// GitHub's Checks API as the app uses it, for the fakes: each request is checked against GitHub's OpenAPI
// description of its operation (test/fixtures/checks-openapi.json, taken from @octokit/openapi) before it is
// answered; a request that does not conform gets GitHub's 422 and is recorded as a violation.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Ajv = require("ajv");
const addFormats = require("ajv-formats");
const described = JSON.parse(readFileSync(new URL("../fixtures/checks-openapi.json", import.meta.url), "utf8"));
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));

const operations = described.operations.map((op) => ({
  ...op,
  pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "([^/]+)")}$`),
  validateBody: op.requestBody ? ajv.compile(op.requestBody) : null,
  validateQuery: ajv.compile({
    type: "object",
    properties: Object.fromEntries(op.parameters.filter((p) => p.in === "query").map((p) => [p.name, p.schema])),
    additionalProperties: false,
  }),
}));

/** Where a request breaks the operation's description: unknown or ill-typed body fields, query parameters. */
function violations(op, query, body) {
  const found = [];
  const typedQuery = Object.fromEntries([...query].map(([k, v]) => [k, op.parameters.find((p) => p.name === k)?.schema?.type === "integer" ? Number(v) : v]));
  if (!op.validateQuery(typedQuery)) found.push(...op.validateQuery.errors.map((e) => `query${e.instancePath} ${e.message}`));
  if (op.validateBody) {
    if (!op.validateBody(body)) found.push(...op.validateBody.errors.map((e) => `body${e.instancePath} ${e.message}`));
    for (const key of Object.keys(body ?? {})) if (!(key in op.requestBody.properties)) found.push(`body has an unknown field ${key}`);
  }
  return found;
}

/**
 * Answers a Checks API request from `state.checkRuns`, or returns undefined when the path is not one of these
 * operations. `fault(operationId)` may answer instead (a 403, a 5xx) after validation.
 */
export function answerChecks(state, method, url, body, fault) {
  const { pathname, searchParams } = new URL(url, "http://fake");
  const path = pathname.replace(/^\/api\/v3/, "");
  const op = operations.find((o) => o.method === method && o.pattern.test(path));
  if (!op) return undefined;
  const found = violations(op, searchParams, body);
  state.checkRequests.push({ operationId: op.operationId, body, violations: found });
  if (found.length > 0) return [422, { message: `Invalid request.\n\n${found.join("\n")}`, documentation_url: "https://docs.github.com/rest/checks/runs" }];
  const injected = fault?.(op.operationId);
  if (injected) return injected;
  const [, , , third] = op.pattern.exec(path);
  if (op.operationId === "checks/create") {
    const run = { id: state.nextId++, external_id: body.external_id ?? null, name: body.name, head_sha: body.head_sha, status: body.status ?? "queued", conclusion: body.conclusion ?? null, output: { title: body.output?.title ?? null, summary: body.output?.summary ?? null } };
    state.checkRuns.push(run);
    return [201, run];
  }
  if (op.operationId === "checks/update") {
    const run = state.checkRuns.find((r) => r.id === Number(third));
    if (!run) return [404, { message: "Not Found" }];
    Object.assign(run, { status: body.status ?? run.status, conclusion: body.status === "in_progress" ? null : body.conclusion ?? run.conclusion });
    if (body.output) run.output = { title: body.output.title ?? null, summary: body.output.summary ?? null };
    run.history = [...(run.history ?? []), body.status === "completed" ? body.conclusion : body.status];
    return [200, run];
  }
  const name = searchParams.get("check_name");
  const runs = state.checkRuns.filter((r) => r.head_sha === third && (!name || r.name === name));
  return [200, { total_count: runs.length, check_runs: runs.map((r) => ({ ...r, app: { id: 1, slug: "glm-review" } })) }];
}
