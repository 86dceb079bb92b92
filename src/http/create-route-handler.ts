import type { IncomingMessage, ServerResponse } from "node:http";
import type { ReviewMetrics } from "./review-metrics.js";

/**
 * GET /healthz and GET /metrics, beside Probot's own routes. Returns false for anything else.
 * A degraded app (Redis away) still answers 200: it keeps accepting webhooks (spooled to disk), and a
 * load balancer that pulled every replica for it would lose them. The body says what is wrong.
 */
export function createRouteHandler(metrics: ReviewMetrics, problems: () => Record<string, unknown> | null = () => null) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const path = (req.url ?? "").split("?")[0];
    if (path === "/healthz") {
      const found = problems();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(found ? { status: "degraded", ...found } : { status: "ok" }));
      return true;
    }
    if (path === "/metrics") {
      const body = await metrics.registry.metrics();
      res.writeHead(200, { "content-type": metrics.registry.contentType }).end(body);
      return true;
    }
    return false;
  };
}
