import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { joinUrl, runHttpCheck, runHttpChecks } from "../../../src/gate/checks";
import { watchLive } from "../../../src/gate/watch";

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

  it("skips when no window is configured", async () => {
    expect((await watchLive(base, { checks: [{ path: "/broken" }], seconds: 0 })).passed).toBe(true);
  });
});
