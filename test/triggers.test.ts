import { describe, expect, it } from "@jest/globals";
import { decideCommandTrigger } from "../src/triggers/decide-command-trigger.js";
import { decidePullRequestTrigger } from "../src/triggers/decide-pull-request-trigger.js";
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
