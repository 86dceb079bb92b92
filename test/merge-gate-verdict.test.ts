import { readFileSync } from "node:fs";
import { describe, expect, it } from "@jest/globals";
import { checkVerdict, FAULT_TITLE } from "../src/pipeline/gate/check-verdict.js";
import type { FindingRecord } from "../src/store/finding-record.js";
import { decideCheckRunTrigger } from "../src/triggers/decide-check-run-trigger.js";
import { realPayload } from "./helpers/webhook-fixtures.js";

const record = (n: number, severity: string, state: FindingRecord["state"] = "open"): FindingRecord => ({
  fingerprint: `f${n}`, commentId: 100 + n, threadId: null, path: "src/a.ts", startLine: null, line: n, severity, title: `Finding ${n}`, suggestion: null, state, postedOn: "abc",
});
const PR = "https://github.com/o/r/pull/7";

describe("checkVerdict: the gate's conclusion from the findings' states", () => {
  it("failure at or above block_on, neutral below it, success with nothing open; most severe listed first, linked to its thread", () => {
    const records = [record(1, "low"), record(2, "high"), record(3, "medium"), record(4, "high", "dismissed"), record(5, "nit", "fixed")];
    const high = checkVerdict(records, { enabled: true, block_on: "high" }, { fault: null, prUrl: PR });
    expect(high).toMatchObject({ conclusion: "failure", title: "1 open finding at or above high" });
    expect(high.summary.split("\n").filter((l) => l.startsWith("- "))).toEqual([
      `- **high** [Finding 2](${PR}#discussion_r102) (\`src/a.ts:2\`)`,
      `- **medium** [Finding 3](${PR}#discussion_r103) (\`src/a.ts:3\`)`,
      `- **low** [Finding 1](${PR}#discussion_r101) (\`src/a.ts:1\`)`,
    ]);
    expect(high.summary).toContain("Earlier findings closed: 1 fixed, 1 dismissed.");
    expect(checkVerdict(records, { enabled: true, block_on: "medium" }, { fault: null, prUrl: PR }).title).toBe("2 open findings at or above medium");
    expect(checkVerdict([record(1, "low")], { enabled: true, block_on: "medium" }, { fault: null, prUrl: PR })).toMatchObject({ conclusion: "neutral", title: "1 open finding, none blocking" });
    expect(checkVerdict(records, { enabled: true, block_on: null }, { fault: null, prUrl: PR }).conclusion).toBe("neutral");
    expect(checkVerdict([record(1, "high", "applied")], { enabled: true, block_on: "low" }, { fault: null, prUrl: PR })).toMatchObject({ conclusion: "success", title: "No open findings" });
  });
  it("an app-side fault is neutral whatever is open, and says the summary's sentence first", () => {
    const verdict = checkVerdict([record(1, "high")], { enabled: true, block_on: "low" }, { fault: "GLM-5.2 was rate limited (429).", prUrl: PR });
    expect(verdict).toMatchObject({ conclusion: "neutral", title: FAULT_TITLE });
    expect(verdict.summary.startsWith("GLM-5.2 was rate limited (429).\n")).toBe(true);
  });
  it("stays inside the Checks API's 65,535 characters however many findings are open; a title cannot break the list", () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...record(i, "medium"), title: `${"long title ".repeat(20)}]\n(x)` }));
    const verdict = checkVerdict(many, { enabled: true, block_on: "high" }, { fault: null, prUrl: PR });
    expect(verdict.summary.length).toBeLessThanOrEqual(65_535);
    expect(verdict.summary).toMatch(/\n- … and \d+ more$/);
    expect(verdict.summary).not.toContain("]\n(x)");
  });
});

describe("decideCheckRunTrigger (real payloads): Re-run on the app's check", () => {
  const rerun = (name = "GLM Review", pulls: unknown = [{ number: 2 }]) => {
    const payload = realPayload("check_run", "rerequested");
    payload.check_run = { ...payload.check_run, name, pull_requests: pulls };
    return payload;
  };
  it("is a review of the check's PR, like /glm review", () => {
    expect(decideCheckRunTrigger("d", rerun())).toMatchObject({ run: true, job: { trigger: "rerun", pullNumber: 2, command: undefined } });
  });
  it("another check, another action, a fork's PR (not listed) or a bot: no review, each said", () => {
    expect(decideCheckRunTrigger("d", rerun("ci/build"))).toMatchObject({ run: false, code: "not_a_trigger" });
    expect(decideCheckRunTrigger("d", { ...rerun(), action: "completed" })).toMatchObject({ run: false, code: "not_a_trigger" });
    expect(decideCheckRunTrigger("d", rerun("GLM Review", []))).toMatchObject({ run: false, code: "not_a_pull_request" });
    expect(decideCheckRunTrigger("d", { ...rerun(), sender: { type: "Bot" } })).toMatchObject({ run: false, code: "bot" });
    expect(decideCheckRunTrigger("d", rerun("GLM Review", "none"))).toMatchObject({ run: false, code: "malformed_payload" });
  });
});

describe("app.yml: the gate's event and permission", () => {
  it("subscribes to check_run and asks for checks: write", () => {
    const manifest = readFileSync(new URL("../app.yml", import.meta.url), "utf8");
    expect(manifest).toMatch(/^ {2}- check_run\b/m);
    expect(manifest).toMatch(/^ {2}checks: write\b/m);
  });
});
