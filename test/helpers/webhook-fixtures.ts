import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

interface WebhookExamples {
  name: string;
  examples: Record<string, unknown>[];
}

const all = require("@octokit/webhooks-examples/api.github.com/index.json") as WebhookExamples[];

/** A real payload from @octokit/webhooks-examples (deep-copied), the first with this action and an installation. */
export function realPayload(event: string, action: string): any {
  const group = all.find((e) => e.name === event);
  const example = group?.examples.find((p) => p.action === action && p.installation);
  if (!example) throw new Error(`no ${event}.${action} example with an installation`);
  return structuredClone(example);
}

/** pull_request.opened on Codertocat/Hello-World#2, installation 1. */
export function pullRequestOpened(): any {
  return realPayload("pull_request", "opened");
}

/** An issue_comment.created made into a comment on a pull request (the examples' issue is a plain issue). */
export function reviewCommand(body = "/glm review", sender: { login: string; type: string } = { login: "Codertocat", type: "User" }): any {
  const payload = realPayload("issue_comment", "created");
  payload.comment.body = body;
  payload.comment.user = { ...payload.comment.user, login: sender.login, type: sender.type };
  payload.sender = { ...payload.sender, login: sender.login, type: sender.type };
  payload.issue.pull_request = {
    url: `https://api.github.com/repos/${payload.repository.full_name}/pulls/${payload.issue.number}`,
  };
  return payload;
}

/** pull_request.synchronize (a push) for the same PR as pullRequestOpened, with a new head SHA. */
export function pullRequestPush(after: string): any {
  const opened = pullRequestOpened();
  const payload = realPayload("pull_request", "synchronize");
  payload.repository = opened.repository;
  payload.number = opened.number;
  payload.pull_request = { ...opened.pull_request, head: { ...opened.pull_request.head, sha: after } };
  payload.after = after;
  return payload;
}
