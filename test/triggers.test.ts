import { describe, expect, it } from "@jest/globals";
import { decideCommandTrigger } from "../src/triggers/decide-command-trigger.js";
import { decidePullRequestTrigger } from "../src/triggers/decide-pull-request-trigger.js";
import { decideThreadReplyTrigger, MAX_QUESTION_CHARS } from "../src/triggers/decide-thread-reply-trigger.js";
import { decideThreadTrigger } from "../src/triggers/decide-thread-trigger.js";
import { realPayload, reviewCommand } from "./helpers/webhook-fixtures.js";

describe("decidePullRequestTrigger (real payloads)", () => {
  it.each(["opened", "reopened", "ready_for_review", "synchronize"])("pull_request.%s is a review trigger", (action) => {
    const decision = decidePullRequestTrigger("d", realPayload("pull_request", action));
    expect(decision).toMatchObject({ run: true, job: { trigger: action, owner: "Codertocat", repo: "Hello-World", draft: false, command: undefined } });
  });
  it.each(["labeled", "closed", "assigned", "unlocked"])("pull_request.%s is not", (action) => {
    expect(decidePullRequestTrigger("d", realPayload("pull_request", action))).toMatchObject({ run: false, code: "not_a_trigger" });
  });
  it("a truncated payload is a logged skip, not a crash", () => {
    const payload = realPayload("pull_request", "opened");
    delete payload.repository;
    expect(decidePullRequestTrigger("d", payload)).toMatchObject({ run: false, code: "malformed_payload" });
    expect(decidePullRequestTrigger("d", {})).toMatchObject({ run: false, code: "not_a_trigger" });
  });
  it("an opened event for an already closed PR is skipped", () => {
    const payload = realPayload("pull_request", "opened");
    payload.pull_request.state = "closed";
    expect(decidePullRequestTrigger("d", payload)).toMatchObject({ run: false, code: "closed" });
  });
});

describe("decideCommandTrigger (real payloads)", () => {
  it("/glm review on a PR from a user: a command job with who asked and which comment", () => {
    const payload = reviewCommand("/glm review");
    expect(decideCommandTrigger("d", payload)).toMatchObject({ run: true, job: { trigger: "command", command: { commentId: payload.comment.id, login: "Codertocat" } } });
  });
  it.each([
    ["  \n/GLM Review", true],
    ["/glm review\nplease look at the cache", true],
    ["/glm reviewer", false],
    ["please /glm review", false],
    ["/glm", false],
  ])("%j is a command: %s", (body, expected) => {
    expect(decideCommandTrigger("d", reviewCommand(body)).run).toBe(expected);
  });
  it("bots are refused, on the sender or the comment's author", () => {
    expect(decideCommandTrigger("d", reviewCommand("/glm review", { login: "dependabot[bot]", type: "Bot" }))).toMatchObject({ run: false, code: "bot" });
  });
  it("on a plain issue it is not a PR command; edited and deleted comments are not commands", () => {
    const onIssue = reviewCommand();
    delete onIssue.issue.pull_request;
    expect(decideCommandTrigger("d", onIssue)).toMatchObject({ run: false, code: "not_a_pull_request" });
    const edited = realPayload("issue_comment", "created");
    edited.action = "edited";
    expect(decideCommandTrigger("d", edited)).toMatchObject({ run: false, code: "not_a_trigger" });
  });
});

describe("trigger decisions: every field checked, every skip named", () => {
  it("a command job carries exactly what the worker needs", () => {
    const payload = reviewCommand("/glm review");
    expect(decideCommandTrigger("d-1", payload)).toEqual({
      run: true,
      job: { deliveryId: "d-1", trigger: "command", owner: "Codertocat", repo: "Hello-World", pullNumber: payload.issue.number, draft: undefined, command: { commentId: payload.comment.id, login: "Codertocat" } },
    });
  });
  it("each skip says why, in words for the log", () => {
    const edited = reviewCommand();
    edited.action = "edited";
    expect(decideCommandTrigger("d", edited)).toEqual({ run: false, code: "not_a_trigger", reason: "issue_comment.edited is not a command" });
    expect(decideCommandTrigger("d", reviewCommand("hello"))).toEqual({ run: false, code: "not_a_trigger", reason: "comment is not /glm review" });
    expect(decideCommandTrigger("d", reviewCommand("/glm review", { login: "x[bot]", type: "Bot" }))).toEqual({ run: false, code: "bot", reason: "comment from a bot" });
    const onIssue = reviewCommand();
    delete onIssue.issue.pull_request;
    expect(decideCommandTrigger("d", onIssue)).toEqual({ run: false, code: "not_a_pull_request", reason: "/glm review on an issue, not a pull request" });
  });
  it("a bot is refused when only the sender says so", () => {
    const payload = reviewCommand();
    payload.sender.type = "Bot";
    payload.comment.user.type = "User";
    expect(decideCommandTrigger("d", payload)).toMatchObject({ run: false, code: "bot" });
  });
  it("a bot is refused when only the comment's author says so", () => {
    const payload = reviewCommand();
    payload.comment.user.type = "Bot";
    expect(decideCommandTrigger("d", payload)).toMatchObject({ run: false, code: "bot" });
  });
  it.each([
    ["the owner", (p: any) => delete p.repository.owner],
    ["the repository name", (p: any) => (p.repository.name = 7)],
    ["the PR number", (p: any) => (p.issue.number = "1")],
    ["the comment id", (p: any) => delete p.comment.id],
    ["the sender's login", (p: any) => (p.sender.login = null)],
  ])("a command payload without %s is malformed, not a crash", (_what, spoil) => {
    const payload = reviewCommand();
    spoil(payload);
    expect(decideCommandTrigger("d", payload)).toEqual({ run: false, code: "malformed_payload", reason: "malformed issue_comment payload" });
  });
  it("null parts of a command payload are skips, not crashes", () => {
    expect(decideCommandTrigger("d", { action: "created", comment: null })).toMatchObject({ code: "not_a_trigger" });
    expect(decideCommandTrigger("d", { action: "created", comment: { body: "/glm review", user: null }, sender: null, issue: null })).toMatchObject({ code: "not_a_pull_request" });
    expect(decideCommandTrigger("d", { action: "created", comment: { body: "/glm review" }, issue: { pull_request: {}, number: 1 }, repository: null })).toMatchObject({ code: "malformed_payload" });
    expect(decideCommandTrigger("d", { action: "created", comment: { body: "/glm review" }, issue: { pull_request: {}, number: 1 }, repository: { owner: null, name: "r" } })).toMatchObject({ code: "malformed_payload" });
  });

  it("a pull_request job carries exactly what the worker needs, draft included", () => {
    const payload = realPayload("pull_request", "opened");
    payload.pull_request.draft = true;
    expect(decidePullRequestTrigger("d-2", payload)).toEqual({
      run: true,
      job: { deliveryId: "d-2", trigger: "opened", owner: "Codertocat", repo: "Hello-World", pullNumber: payload.number, draft: true, command: undefined },
    });
  });
  it("pull_request skips say why", () => {
    expect(decidePullRequestTrigger("d", realPayload("pull_request", "labeled"))).toEqual({ run: false, code: "not_a_trigger", reason: "pull_request.labeled is not a review trigger" });
    expect(decidePullRequestTrigger("d", { action: 5 })).toEqual({ run: false, code: "not_a_trigger", reason: "pull_request.? is not a review trigger" });
    const closed = realPayload("pull_request", "reopened");
    closed.pull_request.state = "closed";
    expect(decidePullRequestTrigger("d", closed)).toEqual({ run: false, code: "closed", reason: "pull request is closed" });
  });
  it.each([
    ["the owner", (p: any) => (p.repository.owner = null)],
    ["the repository name", (p: any) => delete p.repository.name],
    ["the number", (p: any) => (p.number = "2")],
    ["the pull request", (p: any) => (p.pull_request = null)],
  ])("a pull_request payload without %s is malformed", (_what, spoil) => {
    const payload = realPayload("pull_request", "opened");
    spoil(payload);
    expect(decidePullRequestTrigger("d", payload)).toEqual({ run: false, code: "malformed_payload", reason: "malformed pull_request payload (repository, number or pull_request missing)" });
  });
});

describe("thread decisions (real payloads): a finding's life, never a bot's", () => {
  const threadReply = (body: string, sender = { login: "octocat", type: "User" }) => {
    const payload = realPayload("pull_request_review_comment", "created");
    Object.assign(payload.comment, { body, in_reply_to_id: 77, user: { ...payload.comment.user, ...sender } });
    payload.sender = { ...payload.sender, ...sender };
    return payload;
  };
  it("pull_request_review_thread resolved/unresolved: the thread, its comments, who, and whether its lines changed", () => {
    const payload = realPayload("pull_request_review_thread", "resolved");
    expect(decideThreadTrigger("d-1", payload)).toEqual({
      run: true,
      job: { deliveryId: "d-1", trigger: "thread", owner: "Codertocat", repo: "Hello-World", pullNumber: 2, draft: undefined, command: undefined, thread: { kind: "resolved", threadId: payload.thread.node_id, commentIds: [284312630], login: "Codertocat", outdated: false } },
    });
    Object.assign(payload.thread.comments[0], { line: null, position: null });
    expect(decideThreadTrigger("d", payload)).toMatchObject({ run: true, job: { thread: { outdated: true } } });
    expect(decideThreadTrigger("d", realPayload("pull_request_review_thread", "unresolved"))).toMatchObject({ run: true, job: { thread: { kind: "unresolved" } } });
  });
  it("a bot's resolution (the app's own) is skipped; a payload without thread comments is malformed", () => {
    const byBot = realPayload("pull_request_review_thread", "resolved");
    byBot.sender = { ...byBot.sender, login: "glm-review[bot]", type: "Bot" };
    expect(decideThreadTrigger("d", byBot)).toMatchObject({ run: false, code: "bot" });
    const broken = realPayload("pull_request_review_thread", "resolved");
    broken.thread.comments = [];
    expect(decideThreadTrigger("d", broken)).toMatchObject({ run: false, code: "malformed_payload" });
    expect(decideThreadTrigger("d", { action: "created" })).toMatchObject({ run: false, code: "not_a_trigger" });
  });
  it.each([
    ["/glm dismiss  by design ", { kind: "dismiss", reason: "by design" }],
    ["/GLM Dismiss", { kind: "dismiss", reason: "" }],
    ["\n/glm why does this matter?", { kind: "question", question: "why does this matter?" }],
    ["/glm dismissive? no, a question", { kind: "question", question: "dismissive? no, a question" }],
  ])("the reply %j is %j", (body, thread) => {
    expect(decideThreadReplyTrigger("d", threadReply(body))).toMatchObject({ run: true, job: { trigger: "thread", thread: { ...thread, replyTo: 77, login: "octocat" } } });
  });
  it.each(["/glm", "/glm review", "thanks /glm why", "/glmwhy"])("the reply %j starts nothing", (body) => {
    expect(decideThreadReplyTrigger("d", threadReply(body))).toMatchObject({ run: false, code: "not_a_trigger" });
  });
  it("a bot's /glm reply, a top-level review comment, an edit: no job; a long question is cut to its bound", () => {
    expect(decideThreadReplyTrigger("d", threadReply("/glm why?", { login: "glm-review[bot]", type: "Bot" }))).toMatchObject({ run: false, code: "bot" });
    const topLevel = threadReply("/glm why?");
    delete topLevel.comment.in_reply_to_id;
    expect(decideThreadReplyTrigger("d", topLevel)).toMatchObject({ run: false, code: "not_a_trigger" });
    expect(decideThreadReplyTrigger("d", { ...threadReply("/glm why?"), action: "edited" })).toMatchObject({ run: false, code: "not_a_trigger" });
    const long = decideThreadReplyTrigger("d", threadReply(`/glm ${"why ".repeat(1000)}`));
    expect(long.run && long.job.thread?.kind === "question" && long.job.thread.question.length).toBe(MAX_QUESTION_CHARS);
  });
});
