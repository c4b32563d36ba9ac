import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { joinUrl, runHttpCheck, runHttpChecks } from "../../../src/gate/checks";
import { progressDue, watchLive, watchProgressLine } from "../../../src/gate/watch";

let server: Server;
let base = "";
let flakyCalls = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/healthz") return void res.end("ok");
    if (req.url === "/version") return void res.end("greenlight sample app v2\n");
    if (req.url === "/broken") return void res.writeHead(500).end("boom");
    if (req.url === "/flaky") {
      flakyCalls++;
      return void res.writeHead(flakyCalls < 3 ? 503 : 200).end("warming");
    }
    if (req.url === "/slow") return void setTimeout(() => res.end("late"), 500);
    res.writeHead(404).end("no");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("runHttpCheck", () => {
  it.each([
    [{ path: "/healthz" }, true, /200/],
    [{ path: "/version", body: "app v2" }, true, /body matches/],
    [{ path: "/version", body: "app v3", retries: 0 }, false, /does not match \/app v3\//],
    [{ path: "/broken", retries: 1, intervalMs: 10 }, false, /status 500, expected 200 \(after 2 attempts\)/],
    [{ path: "/broken", status: 500 }, true, /500/],
    [{ path: "/missing", retries: 0 }, false, /status 404/],
    [{ path: "/slow", timeoutMs: 50, retries: 0 }, false, /timed out/],
  ])("%j passes: %s", async (check, passed, detail) => {
    const result = await runHttpCheck(base, check);
    expect(result).toMatchObject({ kind: "http", passed });
    expect(result.detail).toMatch(detail);
  });

  it("retries until a warming endpoint answers", async () => {
    const result = await runHttpCheck(base, { path: "/flaky", retries: 5, intervalMs: 10 });
    expect(result.passed).toBe(true);
    expect(result.detail).toContain("attempt 3/6");
  });

  it("names a refused connection", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await runHttpCheck(`http://127.0.0.1:${port}`, { path: "/", retries: 0 });
    expect(result.detail).toMatch(/ECONNREFUSED/);
  });

  it("runs several checks, one result each", async () => {
    const results = await runHttpChecks(base, [{ path: "/healthz" }, { path: "/missing", retries: 0 }]);
    expect(results.map((r) => r.passed)).toEqual([true, false]);
  });
});

describe("joinUrl", () => {
  it.each([
    ["http://h:1", "/a", "http://h:1/a"],
    ["http://h:1/", "a", "http://h:1/a"],
    ["http://h:1/base/", "/a?x=1", "http://h:1/base/a?x=1"],
  ])("%s + %s", (baseUrl, path, expected) => expect(joinUrl(baseUrl, path)).toBe(expected));
});

describe("watchLive", () => {
  it("passes a healthy window", async () => {
    const result = await watchLive(base, {
      checks: [{ path: "/healthz" }],
      seconds: 0.2,
      intervalSeconds: 0.05,
    });
    expect(result).toMatchObject({ kind: "watch", passed: true });
  });

  it("fails on consecutive failed rounds", async () => {
    const result = await watchLive(base, {
      checks: [{ path: "/broken" }],
      seconds: 5,
      intervalSeconds: 0.01,
      failureThreshold: 2,
    });
    expect(result.passed).toBe(false);
    expect(result.detail).toMatch(/^2 consecutive failed rounds.*status 500/);
  });

  it("says what it watches, then each failed round with how long is left", async () => {
    const lines: string[] = [];
    await watchLive(base, {
      checks: [{ path: "/broken" }],
      seconds: 5,
      intervalSeconds: 0.01,
      failureThreshold: 2,
      onProgress: (line) => lines.push(line),
    });
    expect(lines[0]).toBe(
      `watching ${base} for 5 s: /broken 200 every 0.01 s; 2 failed checks in a row switch back`,
    );
    expect(lines.slice(1).map((l) => l.replace(/\d+ s left$/, "N s left"))).toEqual([
      `watching ${base}: check 1, failed (GET ${base}/broken: status 500, expected 200), N s left`,
      `watching ${base}: check 2, failed (GET ${base}/broken: status 500, expected 200), N s left`,
    ]);
  });

  it("a healthy window is said at its start and first round, not every round", async () => {
    const lines: string[] = [];
    const result = await watchLive(base, {
      checks: [{ path: "/healthz" }],
      seconds: 0.3,
      intervalSeconds: 0.01,
      onProgress: (line) => lines.push(line),
    });
    expect(Number(/^(\d+) rounds/.exec(result.detail)?.[1])).toBeGreaterThan(2);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^watching ${base}: check 1, ok, \\d+ s left$`));
  });

  it("skips when no window is configured", async () => {
    expect((await watchLive(base, { checks: [{ path: "/broken" }], seconds: 0 })).passed).toBe(true);
  });
});

describe("watch progress", () => {
  it.each([
    ["the first round", { number: 1, failed: false, recovered: false, sinceLastLineMs: 0 }, 30_000, true],
    ["a failed round", { number: 7, failed: true, recovered: false, sinceLastLineMs: 10 }, 30_000, true],
    [
      "the first ok after a failure",
      { number: 8, failed: false, recovered: true, sinceLastLineMs: 10 },
      30_000,
      true,
    ],
    [
      "an ok round 2 s after the last line",
      { number: 2, failed: false, recovered: false, sinceLastLineMs: 2_000 },
      30_000,
      false,
    ],
    [
      "an ok round 10 s after, in a 30 s window",
      { number: 6, failed: false, recovered: false, sinceLastLineMs: 10_000 },
      30_000,
      true,
    ],
    [
      "an ok round 5 min after, in a 1 h window",
      { number: 150, failed: false, recovered: false, sinceLastLineMs: 300_000 },
      3_600_000,
      false,
    ],
    [
      "an ok round 6 min after, in a 1 h window",
      { number: 180, failed: false, recovered: false, sinceLastLineMs: 360_000 },
      3_600_000,
      true,
    ],
  ] as const)("%s: said %s", (_, round, windowMs, due) => {
    expect(progressDue({ ...round, windowMs })).toBe(due);
  });

  it.each([
    [undefined, 12_400, "watching http://127.0.0.1:8080: check 3, ok, 13 s left"],
    [
      "GET /healthz: status 502",
      0,
      "watching http://127.0.0.1:8080: check 3, failed (GET /healthz: status 502), 0 s left",
    ],
    [undefined, -50, "watching http://127.0.0.1:8080: check 3, ok, 0 s left"],
  ] as const)("problem %j, %d ms left", (problem, leftMs, line) => {
    expect(watchProgressLine("http://127.0.0.1:8080", 3, problem, leftMs)).toBe(line);
  });
});
