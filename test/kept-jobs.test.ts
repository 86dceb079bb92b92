import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import sqlite from "node-sqlite3-wasm";
import { createGlmReview } from "../src/create-glm-review.js";
import { SqliteReviewStore } from "../src/store/sqlite-review-store.js";
import { metricValue } from "./helpers/observe.js";
import { baseEnv, newDataDir, startTestApp } from "./helpers/test-server.js";
import { waitFor } from "./helpers/wait-for.js";

/** What the journal keeps across versions and restarts, and what the app does with a record it cannot run. */
describe("kept jobs", () => {
  it("a journal written before the gate was recorded is migrated, and its jobs keep their place", async () => {
    const dir = newDataDir();
    const old = new sqlite.Database(join(dir, "glm-review.sqlite"));
    old.exec("CREATE TABLE pending_jobs (delivery_id TEXT PRIMARY KEY, job TEXT NOT NULL, installation_id INTEGER, attempts INTEGER NOT NULL DEFAULT 0, accepted_at INTEGER NOT NULL)");
    old.run("INSERT INTO pending_jobs (delivery_id, job, installation_id, attempts, accepted_at) VALUES ('old-1', '{}', 7, 1, 1)");
    old.close();
    const store = new SqliteReviewStore(dir);
    expect(await store.pendingJobs()).toEqual([{ deliveryId: "old-1", job: "{}", installationId: 7, attempts: 1, gated: false }]);
    await store.markGated("old-1");
    expect((await store.pendingJobs())[0]?.gated).toBe(true);
    await store.close();
  });

  it("a kept job this version cannot read is dropped at start with a count, not retried forever", async () => {
    const dataDir = newDataDir();
    const store = new SqliteReviewStore(dataDir);
    await store.acceptJob({ deliveryId: "bad-1", job: JSON.stringify({ deliveryId: "bad-1", trigger: "merged", owner: "o", repo: "r", pullNumber: 1 }), installationId: 1, attempts: 0, gated: false });
    await store.close();
    const app = await startTestApp({}, { dataDir });
    try {
      await waitFor(async () => (await metricValue(app.url, "glm_review_jobs_total", 'outcome="unreadable"')) === 1, "the unreadable job counted", 10_000);
      expect(await metricValue(app.url, "glm_review_jobs_total", 'outcome="resumed"')).toBe(0);
    } finally {
      await app.stop();
    }
    const reopened = new SqliteReviewStore(dataDir);
    expect(await reopened.pendingJobs()).toEqual([]);
    await reopened.close();
  });

  it("waiting for reviews of an app that was never loaded is an error, not a silent pass", async () => {
    const glm = createGlmReview(baseEnv(newDataDir()));
    await expect(glm.whenIdle()).rejects.toThrow("not loaded into Probot");
    await glm.close();
  });
});
