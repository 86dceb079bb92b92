import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { completion } from "./fakes/fake-model.mjs";
import { redisMissingReason, startRedisServer } from "./fakes/redis-server.mjs";
import { findingsWorld, SECOND_HEAD } from "./helpers/findings-world.js";
import { metricValue } from "./helpers/observe.js";
import { waitFor } from "./helpers/wait-for.js";

const replies = (state: any): string[] => state.replies.map((r: { body: string }) => r.body);
const missing = redisMissingReason();
if (missing) console.warn(`findings across Redis replicas skipped: ${missing}`);
const describeWithRedis = missing ? describe.skip : describe;
const ANSWER = () => ({ body: completion("Zero is a valid divisor here only if callers check it first.") });

/** A finding's life outlives the process that posted it, and is one life across replicas. */
describe("findings with a life across restarts and replicas (the real processes)", () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it("a restart between post and push: the question is answered and the push closes the finding, from the records on disk", async () => {
    const { github, opened, restart, reply, pushed, done, summary } = await findingsWorld(cleanup, { leadAnswer: ANSWER });
    await opened();
    await restart();
    await reply("ask-1", "/glm is zero ever valid here?");
    await done(1);
    expect(replies(github.state)[0]).toMatch(/^Zero is a valid divisor/);
    await pushed(2);
    expect(replies(github.state).at(-1)).toBe(`Fixed in \`${SECOND_HEAD.slice(0, 7)}\`: it throws on a zero divisor now`);
    expect(summary()).toContain("Earlier findings: 1 fixed.");
  }, 90_000);

  describeWithRedis("Redis mode, two replicas", () => {
    let redis: Awaited<ReturnType<typeof startRedisServer>>;
    beforeAll(async () => {
      redis = await startRedisServer();
    });
    afterAll(() => redis.stop());

    it("posted by one replica, asked and dismissed through the other, a redelivery to the first handled once, counted by the next review", async () => {
      const { github, app, use, opened, reply, command, done, summary } = await findingsWorld(cleanup, { replicas: 2, leadAnswer: ANSWER, env: { REDIS_URL: redis.url(1) } });
      await opened();
      use(1);
      await reply("ask-1", "/glm is zero ever valid here?");
      await done(2);
      expect(replies(github.state)).toEqual([expect.stringMatching(/^Zero is a valid divisor/)]);
      await reply("dismiss-1", "/glm dismiss callers check b");
      await done(3);
      // GitHub redelivers the same event to the other replica: the claim is deployment-wide.
      use(0);
      await reply("dismiss-1", "/glm dismiss callers check b");
      await waitFor(async () => (await metricValue(app.url, "glm_review_skipped_total", 'reason="duplicate_delivery"')) === 1, "the redelivery refused");
      expect(replies(github.state).slice(1)).toEqual(["Dismissed."]);
      expect(github.state.threads[0].isResolved).toBe(true);
      await command("cmd-1", 4);
      expect(summary()).toContain("Earlier findings: 1 dismissed.");
      expect(github.state.reviews).toHaveLength(1);
    }, 90_000);

    it("the merge gate across replicas: the check one replica opened is concluded, and unblocked by a dismissal through the other", async () => {
      const { github, use, opened, reply, done } = await findingsWorld(cleanup, { replicas: 2, github: { configYaml: "check_run: {enabled: true, block_on: medium}\n" }, env: { REDIS_URL: redis.url(2) } });
      await opened();
      expect(github.state.checkRuns).toEqual([expect.objectContaining({ status: "completed", conclusion: "failure" })]);
      use(1);
      await reply("dismiss-1", "/glm dismiss callers check b");
      await done(2);
      expect(github.state.checkRuns).toEqual([expect.objectContaining({ conclusion: "success", history: ["failure", "success"] })]);
      for (const r of github.state.checkRequests) expect(r.violations).toEqual([]);
    }, 90_000);
  });
});
