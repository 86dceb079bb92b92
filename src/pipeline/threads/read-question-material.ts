import { fetchPullRequest } from "../../github/fetch-pull-request.js";
import { describeGitHubError } from "../../github/github-client.js";
import { HeadFiles } from "../../github/head-files.js";
import { findThreadOf, type ReviewThread } from "../../github/review-threads.js";
import { maskSecretsInText } from "../../review/secrets/mask-secrets.js";
import { scopeWindow } from "../../review/syntax/scope-window.js";
import type { FindingRecord } from "../../store/finding-record.js";
import type { ThreadRun } from "./thread-run.js";

/** What the lead reads to answer a question: the thread so far and the code around the finding, masked. */
export interface QuestionMaterial {
  /** The thread's comments, oldest first (the app's finding first); empty when the threads could not be read. */
  thread: { author: string; body: string }[];
  /** The code around the finding with its enclosing scope; null when the file could not be read. */
  code: { path: string; sha: string; start: number; lines: string[]; atHead: boolean } | null;
}

async function headShaOf(run: ThreadRun): Promise<string | undefined> {
  try {
    return (await fetchPullRequest(run.octokit, run.ref)).headSha;
  } catch (error) {
    run.log.warn({ err: describeGitHubError(error) }, "could not read the pull request's head; the code is shown as the finding was posted");
    return undefined;
  }
}

/**
 * The thread (GraphQL, one page at a time) and the code at the PR's head around the thread's current
 * lines. An outdated thread has no current line: the code is then read at the commit the finding was
 * posted on, and the prompt says so. Every piece is masked like the diff; a piece that cannot be read is
 * left out, never the answer.
 */
export async function readQuestionMaterial(run: ThreadRun, record: FindingRecord, replyTo: number): Promise<QuestionMaterial> {
  const secrets = run.services.settings.ownSecrets;
  let found: ReviewThread | undefined;
  try {
    found = await findThreadOf(run.octokit, run.ref, replyTo);
  } catch (error) {
    run.log.warn({ err: describeGitHubError(error) }, "could not read the review threads; the question is answered without the thread");
  }
  const thread: QuestionMaterial["thread"] = [];
  for (const c of found?.comments ?? []) thread.push({ author: c.author?.login ?? "ghost", body: (await maskSecretsInText(c.body, secrets)).text });
  const head = found?.line != null ? await headShaOf(run) : undefined;
  const at = head && found?.line != null ? { sha: head, line: found.line, startLine: found.startLine ?? found.line, atHead: true } : { sha: record.postedOn, line: record.line, startLine: record.startLine ?? record.line, atHead: false };
  const file = await new HeadFiles(run.octokit, run.ref, at.sha).read(record.path);
  if (file.kind !== "read") return { thread, code: null };
  const masked = (await maskSecretsInText(file.text, secrets)).text;
  const window = await scopeWindow(record.path, masked, at.startLine, at.line);
  return { thread, code: { path: record.path, sha: at.sha, start: window.start, lines: window.lines, atHead: at.atHead } };
}
