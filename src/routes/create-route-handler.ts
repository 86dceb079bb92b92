import type { IncomingMessage, ServerResponse } from "node:http";
import type { ReviewMetrics } from "../observability/review-metrics.js";

/** GET /healthz and GET /metrics, beside Probot's own routes. Returns false for anything else. */
export function createRouteHandler(metrics: ReviewMetrics) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const path = (req.url ?? "").split("?")[0];
    if (path === "/healthz") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok" }));
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
