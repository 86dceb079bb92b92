import nock from "nock";
import { afterEach, beforeEach } from "@jest/globals";
import { newCaptured, type Captured } from "./github-mock.js";
import { newModelCalls, type ModelCalls } from "./model-mock.js";
import { startTestApp, type TestApp } from "./test-server.js";
import { pullRequestOpened } from "./webhook-fixtures.js";

/** What a webhook test sees: the app under test, what it wrote to GitHub, what it sent the models. */
export interface MockedWorld {
  app: TestApp | undefined;
  captured: Captured;
  calls: ModelCalls;
  /**
   * The common case: starts the app (with `env`), delivers pull_request.opened, waits until every job is done.
   * Returns the webhook's answer and the last summary body GitHub received ("" when none was written).
   */
  reviewOpened(env?: NodeJS.ProcessEnv): Promise<{ status: number; final: string }>;
}

/**
 * Registers the hooks every webhook test needs: GitHub and the models reachable only through nock
 * (loopback stays open for the app itself), fresh captures per test, the app stopped and mocks
 * cleared after. `setup` adds the mocks a whole suite shares.
 */
export function useMockedWorld(setup: (world: MockedWorld) => void = () => {}): MockedWorld {
  const world: MockedWorld = {
    app: undefined,
    captured: newCaptured(),
    calls: newModelCalls(),
    reviewOpened: async (env = {}) => {
      const app = (world.app = await startTestApp(env));
      const res = await app.deliver("pull_request", pullRequestOpened());
      await app.glm.whenIdle();
      return { status: res.status, final: world.captured.comments.at(-1)?.body ?? "" };
    },
  };
  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect("127.0.0.1");
    world.captured = newCaptured();
    world.calls = newModelCalls();
    setup(world);
  });
  afterEach(async () => {
    await world.app?.stop();
    world.app = undefined;
    nock.cleanAll();
  });
  return world;
}
