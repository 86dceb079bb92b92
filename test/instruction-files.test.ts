import { describe, expect, it } from "@jest/globals";
import nock from "nock";
import { composeInstructionFiles, findInstructionSources, fitSections } from "../src/review/prompt/instruction-files.js";
import { GITHUB, mockInstallationAndConfig, mockPullRequestRead, mockReviewCreate, mockSummaryWrites, repoPath } from "./helpers/github-mock.js";
import { chatAnswer, delegateJson, mockDelegate, mockLead } from "./helpers/model-mock.js";
import { useMockedWorld } from "./helpers/mocked-world.js";
import { useUnmatchedRequests } from "./helpers/observe.js";

const TREE = ["AGENTS.md", "src/AGENTS.md", "src/api/AGENTS.md", "docs/AGENTS.md", "CLAUDE.md", ".github/copilot-instructions.md", ".github/instructions/ts.instructions.md", ".github/instructions/py.instructions.md", "src/api/users.ts", "src/util/math.ts"];

describe("instruction files: which are read", () => {
  it("the nearest AGENTS.md up from each changed file (per directory), the scoped files, then the root ones; nearest first", () => {
    const sources = findInstructionSources(TREE, ["src/api/users.ts", "src/util/math.ts", "README.md"]);
    expect(sources.map((s) => s.path)).toEqual([
      "src/api/AGENTS.md", "src/AGENTS.md", // src/util has none: src/AGENTS.md is its nearest
      ".github/instructions/py.instructions.md", ".github/instructions/ts.instructions.md",
      "AGENTS.md", // README.md's nearest
      "CLAUDE.md", ".github/copilot-instructions.md",
    ]);
    expect(findInstructionSources(["src/a.ts"], ["src/a.ts"])).toEqual([]);
  });
});

describe("instruction files: what the prompts get", () => {
  it("AGENTS.md in a directory and matching applyTo files are path instructions; root files are general; an applyTo matching nothing is left out", () => {
    const files = [
      { path: "src/api/AGENTS.md", kind: "agents" as const, dir: "src/api", text: "Handlers validate input with zod." },
      { path: ".github/instructions/ts.instructions.md", kind: "scoped" as const, dir: "", text: "---\napplyTo: \"**/*.ts, **/*.tsx\"\n---\nNo `any`." },
      { path: ".github/instructions/py.instructions.md", kind: "scoped" as const, dir: "", text: "---\napplyTo: '**/*.py'\n---\nType hints everywhere." },
      { path: "CLAUDE.md", kind: "claude" as const, dir: "", text: "Money is integer cents." },
    ];
    const { instructions, used, cut } = composeInstructionFiles(files, ["src/api/users.ts"], 6000);
    expect(instructions.paths).toEqual([
      { path: "src/api/**", instructions: "From src/api/AGENTS.md:\nHandlers validate input with zod." },
      // Only the globs that match a file under review are kept.
      { path: "**/*.ts", instructions: "From .github/instructions/ts.instructions.md:\nNo `any`." },
    ]);
    expect(instructions.general).toBe("From CLAUDE.md:\nMoney is integer cents.");
    expect(used).toEqual(["src/api/AGENTS.md", ".github/instructions/ts.instructions.md", "CLAUDE.md"]);
    expect(cut).toEqual([]);
  });
  it("over its share, a file keeps its opening and the sections about the changed files, in order, and says it was cut", () => {
    const text = ["# Guide", "Intro.", "## Frontend", "x".repeat(3000), "## Billing (src/billing)", "Round half to even.", "## Releases", "y".repeat(3000)].join("\n");
    const fitted = fitSections(text, 1000, ["src/billing/invoice.ts"]);
    expect(fitted.cut).toBe(true);
    expect(fitted.text).toContain("# Guide\nIntro.");
    expect(fitted.text).toContain("## Billing (src/billing)\nRound half to even.");
    expect(fitted.text).not.toContain("## Frontend");
    expect(fitted.text.length).toBeLessThanOrEqual(1000);
    const all = composeInstructionFiles([{ path: "AGENTS.md", kind: "agents", dir: "", text }], ["src/billing/invoice.ts"], 6000);
    expect(all.cut).toEqual(["AGENTS.md"]);
    expect(all.instructions.general.length).toBeLessThanOrEqual(6000);
  });
});

describe("instruction files through the app: read from the default branch, after the configuration's own", () => {
  const world = useMockedWorld();
  const unmatched = useUnmatchedRequests();

  function mockTree(paths: string[], status = 200): void {
    // GitHub's own bodies: tree entries as it lists them, and its 409 for an empty repository.
    const entry = (path: string) => ({ path, mode: "100644", type: "blob", sha: "0".repeat(40), size: 100, url: `https://api.github.com${repoPath}/git/blobs/${"0".repeat(40)}` });
    const body = status === 200
      ? { sha: "t", url: `https://api.github.com${repoPath}/git/trees/t`, truncated: false, tree: paths.map(entry) }
      : { message: "Git Repository is empty.", documentation_url: "https://docs.github.com/rest/git/trees#get-a-tree", status: "409" };
    nock(GITHUB).get(`${repoPath}/git/trees/main`).query({ recursive: "true" }).reply(status, body);
  }

  it("AGENTS.md and CLAUDE.md reach both prompts after `instructions`; the summary names them; one tree read, no guessed paths", async () => {
    mockInstallationAndConfig({ status: 200, body: "instructions: Config first.\n" });
    const reads: string[] = [];
    mockPullRequestRead(undefined, { base: { repo: { default_branch: "main" } } }, { "src/AGENTS.md": "Every division checks its divisor.", "CLAUDE.md": "Prefer small functions." }, reads);
    mockTree(["src/AGENTS.md", "CLAUDE.md", "src/math.ts"]);
    mockSummaryWrites(world.captured);
    mockLead(world.calls);
    mockDelegate(world.calls, { status: 200, body: chatAnswer(delegateJson()) });
    mockReviewCreate(world.captured);
    const { final } = await world.reviewOpened();
    const delegate = world.calls.delegate[0].messages;
    expect(delegate[0].content).toMatch(/Config first\.\n\nFrom CLAUDE\.md:\nPrefer small functions\./);
    expect(delegate[1].content).toContain("For files matching src/**:\nFrom src/AGENTS.md:\nEvery division checks its divisor.");
    expect(world.calls.lead[0].messages[0].content).toContain("From CLAUDE.md:");
    expect(final).toContain("Instructions also read from `src/AGENTS.md`, `CLAUDE.md`.");
    expect(reads.filter((r) => r.endsWith("@null")).sort()).toEqual(["CLAUDE.md@null", "src/AGENTS.md@null"]);
    expect(unmatched.list).toEqual([]);
  });

  it("instruction_files: false reads nothing", async () => {
    mockInstallationAndConfig({ status: 200, body: "instruction_files: false\n" });
    mockPullRequestRead(undefined, { base: { repo: { default_branch: "main" } } });
    mockSummaryWrites(world.captured);
    mockLead(world.calls);
    mockDelegate(world.calls, { status: 200, body: chatAnswer(delegateJson()) });
    mockReviewCreate(world.captured);
    await world.reviewOpened();
    expect(unmatched.list).toEqual([]);
    expect(world.calls.delegate).toHaveLength(1);
  });

  it("a tree read that fails (409, an empty repository) leaves the configuration's instructions and says so; the review lands", async () => {
    mockInstallationAndConfig({ status: 200, body: "instructions: Config first.\n" });
    mockPullRequestRead(undefined, { base: { repo: { default_branch: "main" } } });
    mockTree([], 409);
    mockSummaryWrites(world.captured);
    mockLead(world.calls);
    mockDelegate(world.calls, { status: 200, body: chatAnswer(delegateJson()) });
    mockReviewCreate(world.captured);
    const { final } = await world.reviewOpened();
    expect(final).toContain("The instruction files (AGENTS.md and the like) could not be read (HTTP 409");
    expect(world.calls.delegate[0].messages[0].content).toContain("Config first.");
    expect(world.captured.reviews).toHaveLength(1);
  });
});
