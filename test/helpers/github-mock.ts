import nock from "nock";

export const GITHUB = "https://api.github.com";
export const OWNER = "Codertocat";
export const REPO = "Hello-World";
export const PR = 2;
export const HEAD_SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
export const repoPath = `/repos/${OWNER}/${REPO}`;

/** A small real-looking change: RIGHT lines 1..6 are commentable, in one hunk. */
export const MATH_PATCH = [
  "@@ -1,3 +1,6 @@",
  " export function divide(a: number, b: number): number {",
  "-  return a / b;",
  "+  if (b === 0) return 0;",
  "+  const result = a / b;",
  "+  return result;",
  " }",
  "+export const half = (x: number) => divide(x, 2);",
].join("\n");

export const PR_FILES = [
  { filename: "src/math.ts", status: "modified", additions: 4, deletions: 1, changes: 5, patch: MATH_PATCH },
  { filename: "assets/logo.png", status: "added", additions: 0, deletions: 0, changes: 0 },
];

export interface Captured {
  comments: { method: "POST" | "PATCH"; body: string }[];
  reviews: any[];
  replies: string[];
  reactions: string[];
}

export function newCaptured(): Captured {
  return { comments: [], reviews: [], replies: [], reactions: [] };
}

/** Installation token (Probot asks once per installation) and the repo config lookup: absent by default, a file (200), or a GitHub error. */
export function mockInstallationAndConfig(config: { status: number; body?: string } = { status: 404 }): void {
  nock(GITHUB).persist().post(/\/app\/installations\/\d+\/access_tokens/).reply(201, {
    token: "ghs_test",
    expires_at: new Date(Date.now() + 3600_000).toISOString(),
    permissions: { pull_requests: "write", issues: "write", contents: "read" },
    repository_selection: "all",
  });
  if (config.status === 200) {
    nock(GITHUB).get(`${repoPath}/contents/.github%2Fglm-review.yml`).reply(200, config.body ?? "", { "content-type": "text/plain; charset=utf-8" });
  } else if (config.status !== 404) {
    nock(GITHUB).get(`${repoPath}/contents/.github%2Fglm-review.yml`).reply(config.status, { message: "Server Error" });
  } else {
    nock(GITHUB).get(`${repoPath}/contents/.github%2Fglm-review.yml`).reply(404, { message: "Not Found" });
    nock(GITHUB).get(`/repos/${OWNER}/.github/contents/.github%2Fglm-review.yml`).reply(404, { message: "Not Found" });
  }
}

/**
 * The PR and its files, as GitHub answers them; head file contents (GET contents?ref=head) for the
 * paths in `contents`, 404 for any other file. Every contents read is recorded in `reads`.
 */
export function mockPullRequestRead(files: unknown[] = PR_FILES, pull: Record<string, unknown> = {}, contents: Record<string, string> = {}, reads: string[] = []): void {
  nock(GITHUB)
    .persist()
    .get((uri) => uri.startsWith(`${repoPath}/contents/`) && !uri.includes("glm-review.yml"))
    .optionally()
    .query(true)
    .reply(function (uri) {
      const url = new URL(uri, GITHUB);
      const path = decodeURIComponent(url.pathname.slice(`${repoPath}/contents/`.length));
      const text = contents[path];
      if (text !== undefined) {
        reads.push(`${path}@${url.searchParams.get("ref")}`);
        return [200, text, { "content-type": "application/vnd.github.raw; charset=utf-8" }];
      }
      // A directory answers its entries, as GitHub's contents API does (the files named in `contents` are the tree).
      const prefix = path ? `${path}/` : "";
      const entries = new Map<string, "file" | "dir">();
      for (const key of Object.keys(contents).filter((k) => k.startsWith(prefix))) {
        const rest = key.slice(prefix.length);
        entries.set(rest.split("/")[0]!, rest.includes("/") ? "dir" : "file");
      }
      if (entries.size > 0) {
        reads.push(`${path}/@${url.searchParams.get("ref")}`);
        return [200, [...entries].map(([name, type]) => ({ name, path: `${prefix}${name}`, type, sha: "0".repeat(40), size: 1 }))];
      }
      reads.push(`${path}@${url.searchParams.get("ref")}`);
      return [404, { message: "Not Found" }];
    });
  nock(GITHUB)
    .get(`${repoPath}/pulls/${PR}`)
    .reply(200, { number: PR, title: "Make divide safe", body: "Avoids NaN.", draft: false, state: "open", head: { sha: HEAD_SHA, ref: "feature" }, ...pull });
  nock(GITHUB).get(`${repoPath}/pulls/${PR}/files`).query(true).reply(200, files);
}

/**
 * The summary comment: listed (none yet, or `existing`), then created and edited in place;
 * every write is captured.
 */
export function mockSummaryWrites(captured: Captured, existing: unknown[] = [], options: { createStatus?: number; updateStatus?: number } = {}): void {
  nock(GITHUB).get(`${repoPath}/issues/${PR}/comments`).query(true).reply(200, existing);
  nock(GITHUB)
    .post(`${repoPath}/issues/${PR}/comments`, (body) => {
      captured.comments.push({ method: "POST", body: body.body });
      return true;
    })
    .reply(options.createStatus ?? 201, { id: 9001, body: "" });
  nock(GITHUB)
    .persist()
    .patch(/\/repos\/Codertocat\/Hello-World\/issues\/comments\/\d+/, (body) => {
      captured.comments.push({ method: "PATCH", body: body.body });
      return true;
    })
    .reply(options.updateStatus ?? 200, { id: 9001 });
}

export function mockReviewCreate(captured: Captured, status = 200): void {
  nock(GITHUB)
    .post(`${repoPath}/pulls/${PR}/reviews`, (body) => {
      captured.reviews.push(body);
      return true;
    })
    .reply(status, status < 300 ? { id: 77 } : { message: "Server Error" });
  // The review's comments as GitHub lists them after the create: each with its REST id.
  nock(GITHUB)
    .get(`${repoPath}/pulls/${PR}/reviews/77/comments`)
    .query(true)
    .optionally()
    .reply(200, () => (captured.reviews.at(-1)?.comments ?? []).map((c: { path: string; line: number; body: string }, i: number) => ({ id: 5001 + i, path: c.path, line: c.line, original_line: c.line, body: c.body })));
}
