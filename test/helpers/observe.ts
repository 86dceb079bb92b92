import nock from "nock";
import { afterEach, beforeEach } from "@jest/globals";

/**
 * Every request that reached no mock (anything but the app's own loopback): with the network closed,
 * a request a test did not expect fails quietly inside a job, so tests assert this list instead.
 */
export function useUnmatchedRequests(): { list: string[] } {
  const seen = { list: [] as string[] };
  const onNoMatch = (req: { method?: string; path?: string; hostname?: string; host?: string }) => {
    const host = req.hostname ?? req.host ?? "";
    if (!host.startsWith("127.0.0.1")) seen.list.push(`${req.method} ${host}${req.path}`);
  };
  beforeEach(() => {
    seen.list = [];
    nock.emitter.on("no match", onNoMatch);
  });
  afterEach(() => {
    nock.emitter.removeListener("no match", onNoMatch);
  });
  return seen;
}

/** One sample of the app's /metrics, e.g. metricValue(url, "glm_review_skipped_total", 'reason="draft"'); 0 when absent. */
export async function metricValue(appUrl: string, name: string, labels = ""): Promise<number> {
  const text = await (await fetch(`${appUrl}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(labels ? `${name}{${labels}}` : `${name} `));
  return line ? Number(line.split(" ").at(-1)) : 0;
}
