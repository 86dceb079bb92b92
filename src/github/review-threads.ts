import type { GitHubClient, PullRef } from "./github-client.js";
import { loadGraphql } from "./graphql/load-graphql.js";

export interface ThreadComment {
  /** The REST id of the comment (GraphQL `databaseId`). */
  databaseId: number | null;
  body: string;
  author: { login: string; isBot: boolean } | null;
  /** People (not bots) who reacted 👎 to the comment. */
  thumbsDown: string[];
}

/** One review thread as the lifecycle step needs it. */
export interface ReviewThread {
  id: string;
  isResolved: boolean;
  isOutdated: boolean;
  resolvedBy: string | null;
  /** Where the thread stands on the PR's head now; `line` is null once its lines changed (outdated). */
  path: string;
  line: number | null;
  startLine: number | null;
  comments: ThreadComment[];
}

interface RawComment {
  databaseId: number | null;
  body: string;
  author: { __typename: string; login: string } | null;
  reactionGroups: { content: string; reactors: { nodes: ({ __typename: string; login?: string } | null)[] } }[] | null;
}

const thumbsDownOf = (c: RawComment): string[] =>
  (c.reactionGroups ?? []).filter((g) => g.content === "THUMBS_DOWN").flatMap((g) => g.reactors.nodes.flatMap((n) => (n?.__typename === "User" && n.login ? [n.login] : [])));

interface ThreadsPage {
  repository: {
    pullRequest: {
      reviewThreads: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: ({ id: string; isResolved: boolean; isOutdated: boolean; path: string; line: number | null; startLine: number | null; resolvedBy: { login: string } | null; comments: { nodes: (RawComment | null)[] } } | null)[];
      };
    } | null;
  } | null;
}

/** A PR with more threads than this is read in part: the newest findings are the ones a push affects least. */
const MAX_PAGES = 10;

/**
 * The PR's review threads, one GraphQL query per page of 50 (never one request per thread). On GHES the
 * GraphQL endpoint is `${GHE_PROTOCOL}://${GHE_HOST}/api/graphql`: Octokit derives it from the v3 base URL.
 * Throws on a GraphQL error (`errors` in the answer), a 5xx or a timeout: the caller goes on without.
 */
export async function readReviewThreads(octokit: GitHubClient, ref: PullRef): Promise<ReviewThread[]> {
  const threads: ReviewThread[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const data: ThreadsPage = await octokit.graphql<ThreadsPage>(loadGraphql("review-threads"), { owner: ref.owner, name: ref.repo, number: ref.pullNumber, after });
    const connection = data.repository?.pullRequest?.reviewThreads;
    if (!connection) break;
    for (const node of connection.nodes) {
      if (!node) continue;
      const comments = node.comments.nodes.flatMap((c) => (c ? [{ databaseId: c.databaseId, body: c.body, author: c.author ? { login: c.author.login, isBot: c.author.__typename === "Bot" } : null, thumbsDown: thumbsDownOf(c) }] : []));
      const { id, isResolved, isOutdated, path, line, startLine } = node;
      threads.push({ id, isResolved, isOutdated, path, line: line ?? null, startLine: startLine ?? null, resolvedBy: node.resolvedBy?.login ?? null, comments });
    }
    if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) break;
    after = connection.pageInfo.endCursor;
  }
  return threads;
}

/** The thread holding the comment `commentId` (REST id), if the PR's threads can be read and it is there. */
export async function findThreadOf(octokit: GitHubClient, ref: PullRef, commentId: number): Promise<ReviewThread | undefined> {
  return (await readReviewThreads(octokit, ref)).find((t) => t.comments.some((c) => c.databaseId === commentId));
}

/** Resolves one thread (GraphQL `resolveReviewThread`). */
export async function resolveReviewThread(octokit: GitHubClient, threadId: string): Promise<void> {
  await octokit.graphql(loadGraphql("resolve-review-thread"), { threadId });
}

/** One reply in the thread of an inline comment (REST: POST …/pulls/{n}/comments/{id}/replies). */
export async function replyInThread(octokit: GitHubClient, ref: PullRef, commentId: number, body: string): Promise<void> {
  await octokit.rest.pulls.createReplyForReviewComment({ owner: ref.owner, repo: ref.repo, pull_number: ref.pullNumber, comment_id: commentId, body });
}
