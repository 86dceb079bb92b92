// A small fake of the GitHub REST API (GHE layout: /api/v3), enough for GLM Review, on loopback.
// Used by the end-to-end test and the bench. It keeps issue comments in memory so edits in place show.
import { createServer } from "node:http";
import { answerChecks } from "./github-checks.mjs";
import { answerGraphql } from "./github-graphql.mjs";

/**
 * `intercept` answers a request before the routes do (fault injection): return [status, body, headers?] or undefined.
 * The Checks API is answered by github-checks.mjs (validated against GitHub's OpenAPI description); `checksFault`
 * may answer a valid Checks request instead, by operation id (a 403, a 5xx).
 * `hold` makes a request wait before it is answered (a GitHub that hangs): return a promise, or undefined to answer at once.
 * `compare` answers GET …/compare/{base}...{head} with its files (a push "ahead" of base), undefined for 404.
 * `contents` answers GET …/contents/{path}?ref= (raw), or with GitHub's directory listing when it returns the
 * directory's entry names (a name ending in "/" is a directory); `headShaOf` gives a pull its own head commit
 * (one fake serving many PRs); `graphql` replaces the GraphQL answer (fault injection).
 * @param {{ files: Record<number, object[]> | ((pull: number) => object[]), headSha?: string, compare?: (base: string, head: string) => object[] | undefined, contents?: (path: string, ref: string | null) => string | string[] | undefined, headShaOf?: (pull: number) => string | undefined, graphql?: (state: any, request: any) => [number, unknown], configYaml?: string, permission?: string | ((login: string) => string), intercept?: (method: string, path: string) => [number, unknown, Record<string, string>?] | undefined, hold?: (method: string, path: string) => Promise<unknown> | undefined, checksFault?: (operationId: string) => [number, unknown] | undefined, tree?: string[] }} options
 */
export async function startFakeGitHub(options) {
  const headSha = options.headSha ?? "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
  // headSha changes when a test pushes; threads and review comments follow GitHub's shapes.
  const state = { requests: [], comments: [], reviews: [], reactions: [], reviewComments: [], replies: [], threads: [], graphql: [], checkRuns: [], checkRequests: [], nextId: 1000, headSha };
  const server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const body = raw ? JSON.parse(raw) : undefined;
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname.replace(/^\/api\/v3/, "");
    state.requests.push({ method: req.method, path, body, at: Date.now() });
    const json = (status, data, headers = {}) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers }).end(JSON.stringify(data));
    };
    const held = options.hold?.(req.method ?? "GET", path);
    if (held) await held;
    if (res.destroyed || req.socket.destroyed) return; // the client gave up waiting
    const injected = options.intercept?.(req.method ?? "GET", path);
    if (injected) return json(injected[0], injected[1], injected[2]);
    const checks = answerChecks(state, req.method, req.url ?? "/", body, options.checksFault);
    if (checks) return json(checks[0], checks[1]);
    let m;
    if (req.method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) {
      return json(201, { token: "ghs_fake", expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: {}, repository_selection: "all" });
    }
    if (req.method === "GET" && path === "/app") {
      if (!/^bearer ey/i.test(req.headers.authorization ?? "")) return json(401, { message: "A JSON web token could not be decoded" });
      return json(200, { id: 1, slug: "glm-review", name: "GLM Review", owner: { login: "octo-org" } });
    }
    if (req.method === "GET" && path === "/app/installations") {
      return json(200, [{ id: 1, account: { login: "octo-org" } }, { id: 2, account: { login: "Codertocat" } }]);
    }
    if (req.method === "GET" && /\/contents\/\.github%2Fglm-review\.yml$|\/contents\/\.github\/glm-review\.yml$/.test(req.url ?? "")) {
      if (options.configYaml && !path.includes("/.github/contents")) {
        return res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(options.configYaml);
      }
      return json(404, { message: "Not Found" });
    }
    if (req.method === "GET" && (m = /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)$/.exec(path))) {
      return json(200, { number: Number(m[2]), title: `PR ${m[2]}`, body: "Fake PR", draft: false, state: "open", head: { sha: options.headShaOf?.(Number(m[2])) ?? state.headSha, ref: "feature" }, base: { ref: "main", repo: { full_name: m[1], default_branch: "main" } }, html_url: `https://github.com/${m[1]}/pull/${m[2]}` });
    }
    // The default branch's tree (instruction files are found in it): `tree` lists its paths, none by default.
    if (req.method === "GET" && /^\/repos\/[^/]+\/[^/]+\/git\/trees\/main$/.test(path)) {
      return json(200, { sha: "tree-main", truncated: false, tree: (options.tree ?? []).map((p) => ({ path: p, mode: "100644", type: "blob", sha: "0".repeat(40) })) });
    }
    if (req.method === "GET" && options.contents && (m = /^\/repos\/([^/]+\/[^/]+)\/contents\/?(.*)$/.exec(path))) {
      const dir = decodeURIComponent(m[2]).replace(/\/$/, "");
      const text = options.contents(dir, url.searchParams.get("ref"));
      if (text === undefined) return json(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest/repos/contents#get-repository-content", status: "404" });
      if (Array.isArray(text)) {
        // A directory: GitHub lists its entries as JSON (raw media type or not).
        return json(200, text.map((entry) => {
          const name = entry.replace(/\/$/, "");
          const entryPath = dir ? `${dir}/${name}` : name;
          const type = entry.endsWith("/") ? "dir" : "file";
          return { type, name, path: entryPath, sha: "0".repeat(40), size: 0, url: `http://${req.headers.host}/api/v3/repos/${m[1]}/contents/${entryPath}`, html_url: null, git_url: null, download_url: null, _links: {} };
        }));
      }
      return res.writeHead(200, { "content-type": "application/vnd.github.raw; charset=utf-8" }).end(text);
    }
    if (req.method === "GET" && options.compare && (m = /^\/repos\/[^/]+\/[^/]+\/compare\/([0-9a-f]+)\.\.\.([0-9a-f]+)$/.exec(path))) {
      const files = options.compare(m[1], m[2]);
      if (!files) return json(404, { message: "Not Found" });
      return json(200, { status: "ahead", ahead_by: 1, total_commits: 1, commits: [{ sha: m[2], commit: { tree: { sha: `tree-${m[2]}` } } }], base_commit: { sha: m[1], commit: { tree: { sha: `tree-${m[1]}` } } }, files });
    }
    if (req.method === "GET" && (m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/files$/.exec(path))) {
      const all = (typeof options.files === "function" ? options.files(Number(m[1])) : options.files[Number(m[1])]) ?? [];
      const perPage = Number(url.searchParams.get("per_page") ?? 30);
      const page = Number(url.searchParams.get("page") ?? 1);
      const slice = all.slice((page - 1) * perPage, page * perPage);
      if (page * perPage < all.length) {
        const next = new URL(req.url ?? "/", `http://${req.headers.host}`);
        next.searchParams.set("page", String(page + 1));
        res.setHeader("link", `<${next.toString()}>; rel="next"`);
      }
      return json(200, slice);
    }
    if (req.method === "GET" && (m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path))) {
      return json(200, state.comments.filter((c) => c.issue === Number(m[1])));
    }
    if (req.method === "POST" && (m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path))) {
      const comment = { id: state.nextId++, issue: Number(m[1]), body: body.body, user: { login: "glm-review[bot]", type: "Bot" } };
      state.comments.push(comment);
      return json(201, comment);
    }
    if (req.method === "PATCH" && (m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(path))) {
      const comment = state.comments.find((c) => c.id === Number(m[1]));
      if (!comment) return json(404, { message: "Not Found" });
      comment.body = body.body;
      return json(200, comment);
    }
    if (req.method === "POST" && (m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews$/.exec(path))) {
      const review = { id: state.nextId++, pull: Number(m[1]), ...body };
      state.reviews.push(review);
      // Each inline comment opens a thread, as on GitHub.
      for (const c of body.comments ?? []) {
        const comment = { id: state.nextId++, review: review.id, pull: review.pull, path: c.path, line: c.line, start_line: c.start_line ?? null, body: c.body, user: { login: "glm-review[bot]", type: "Bot" } };
        state.reviewComments.push(comment);
        state.threads.push({ id: `PRRT_${comment.id}`, pull: review.pull, isResolved: false, isOutdated: false, resolvedBy: null, comments: [comment] });
      }
      return json(200, { id: review.id });
    }
    if (req.method === "GET" && (m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews\/(\d+)\/comments$/.exec(path))) {
      return json(200, state.reviewComments.filter((c) => c.review === Number(m[2])).map((c) => ({ ...c, original_line: c.line })));
    }
    if (req.method === "POST" && (m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/comments\/(\d+)\/replies$/.exec(path))) {
      const thread = state.threads.find((t) => t.comments.some((c) => c.id === Number(m[2])));
      if (!thread) return json(404, { message: "Not Found" });
      const reply = { id: state.nextId++, pull: Number(m[1]), in_reply_to_id: Number(m[2]), body: body.body, user: { login: "glm-review[bot]", type: "Bot" } };
      thread.comments.push(reply);
      state.replies.push(reply);
      return json(201, reply);
    }
    if (req.method === "POST" && (path === "/api/graphql" || path === "/graphql")) {
      state.graphql.push(body);
      const [status, answer] = (options.graphql ?? answerGraphql)(state, body);
      return json(status, answer);
    }
    if (req.method === "GET" && (m = /\/collaborators\/([^/]+)\/permission$/.exec(path))) {
      const permission = (typeof options.permission === "function" ? options.permission(decodeURIComponent(m[1])) : options.permission) ?? "write";
      return json(200, { permission, role_name: permission });
    }
    if (req.method === "POST" && /\/issues\/comments\/\d+\/reactions$/.test(path)) {
      state.reactions.push(body.content);
      return json(201, { id: 1, content: body.content });
    }
    return json(404, { message: `fake GitHub has no route for ${req.method} ${path}` });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return { host: `127.0.0.1:${port}`, state, close: () => new Promise((resolve) => server.close(resolve)) };
}
