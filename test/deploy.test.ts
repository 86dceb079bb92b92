import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "@jest/globals";
import { parse } from "yaml";

// `merge`: the compose file shares the app service through a YAML merge key (<<: *app).
const read = (path: string) => parse(readFileSync(new URL(`../deploy/${path}`, import.meta.url), "utf8"), { merge: true });
const has = (tool: string) => {
  try {
    execFileSync("which", [tool], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

/** The reference deployment says what the README says: two replicas on Redis with AOF, scraped and alerted on. */
describe("deploy/", () => {
  it("compose: two app replicas with their own DATA_DIR volume, HOST=0.0.0.0, a stop grace above SHUTDOWN_GRACE_MS; Redis with AOF; Prometheus", () => {
    const compose = read("docker-compose.yml");
    const apps = Object.entries(compose.services).filter(([name]) => name.startsWith("app-")) as [string, any][];
    expect(apps).toHaveLength(2);
    const volumes = apps.map(([, app]) => app.volumes[0]);
    expect(new Set(volumes).size).toBe(2);
    for (const [, app] of apps) {
      expect(app.environment.HOST).toBe("0.0.0.0");
      expect(app.environment.REDIS_URL).toMatch(/^redis:\/\/redis:6379/);
      expect(Number.parseInt(app.stop_grace_period, 10) * 1000).toBeGreaterThan(Number(app.environment.SHUTDOWN_GRACE_MS));
    }
    expect(compose.services.redis.command).toEqual(expect.arrayContaining(["--appendonly", "yes"]));
    expect(compose.services.prometheus.volumes.join(" ")).toContain("alerts.yml");
  });

  it("env template: deploy/.env.example exists for the compose file's env_file, names only settings the README's table lists, and sets none the compose file sets", () => {
    const compose = read("docker-compose.yml");
    const app = Object.values(compose.services).find((s: any) => Array.isArray(s.env_file)) as { env_file: string[]; environment: Record<string, string> };
    expect(app.env_file).toEqual([".env"]);
    const template = readFileSync(new URL("../deploy/.env.example", import.meta.url), "utf8");
    const keys = template.split("\n").filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split("=")[0]!);
    expect(keys).toEqual(expect.arrayContaining(["APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET"]));
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    for (const key of keys) {
      expect(readme).toContain(`\`${key}\``);
      expect(Object.keys(app.environment)).not.toContain(key);
    }
  });

  it("a private key dropped in the project folder is never committed: git ignores *.pem (Probot picks such a file up)", () => {
    const root = new URL("..", import.meta.url).pathname;
    const ignored = (path: string) => {
      try {
        execFileSync("git", ["-C", root, "check-ignore", "-q", "--no-index", path], { stdio: "ignore" });
        return true;
      } catch {
        return false;
      }
    };
    if (!ignored("node_modules/x")) return; // not a git checkout (an unpacked tarball): nothing to commit from
    expect(ignored("glm-review.2026-12-03.private-key.pem")).toBe(true);
    expect(ignored("deploy/.env")).toBe(true);
    expect(ignored("deploy/.env.example")).toBe(false);
  });

  it("alerts: delegate failures, budget, a growing queue, Redis down; promtool accepts them where it is installed", () => {
    const names = read("prometheus/alerts.yml").groups[0].rules.map((r: { alert: string }) => r.alert);
    expect(names).toEqual(["GlmReviewDelegateFailing", "GlmReviewBudgetNearlySpent", "GlmReviewQueueGrowing", "GlmReviewRedisDown"]);
    if (!has("promtool")) return; // Debian's `prometheus` package provides it; CI does not install it
    const out = execFileSync("promtool", ["check", "rules", new URL("../deploy/prometheus/alerts.yml", import.meta.url).pathname], { encoding: "utf8" });
    expect(out).toContain("SUCCESS: 4 rules found");
  });
});
