// Faults a real registry cannot be made to produce on demand (503s, 429 with Retry-After, a
// closed port) are served by a tiny node:http server here; everything else is tested against
// the real registries of the stack (registry-client.test.ts).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeError } from "../../src/errors";
import { MemoryLogger } from "../../src/log";
import { RegistryClient, RegistryError } from "../../src/registry/client";

let server: Server;
let registry: string;
const seen: string[] = [];
/** Per path: the statuses to answer in turn before answering 200. */
const script = new Map<string, { status: number; headers?: Record<string, string> }[]>();

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (req.url === "/v2/a/lie/manifests/v1") {
      // a manifest whose Docker-Content-Digest header disagrees with its bytes
      res.writeHead(200, {
        "Content-Type": "application/vnd.oci.image.manifest.v1+json",
        "Docker-Content-Digest": `sha256:${"e".repeat(64)}`,
      });
      res.end('{"schemaVersion":2}');
      return;
    }
    const next = script.get(req.url ?? "")?.shift();
    if (next) {
      res.writeHead(next.status, { "Content-Type": "application/json", ...next.headers });
      res.end(JSON.stringify({ errors: [{ code: "UNAVAILABLE", message: "try later" }] }));
      return;
    }
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ name: "a/b", tags: ["v1"] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  registry = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const client = (log = new MemoryLogger()) =>
  new RegistryClient({ registry, log, retry: { baseMs: 5, maxMs: 20 } });

describe("retries of idempotent requests", () => {
  it("retries 5xx and 429 (honouring Retry-After: 0) and then succeeds", async () => {
    script.set("/v2/a/b/tags/list?n=1000", [
      { status: 503 },
      { status: 429, headers: { "Retry-After": "0" } },
      { status: 502 },
    ]);
    seen.length = 0;
    const log = new MemoryLogger();
    expect(await client(log).listTags("a/b")).toEqual(["v1"]);
    expect(seen).toHaveLength(4);
    expect(log.lines.filter((l) => l.includes("retrying in"))).toHaveLength(3);
  });

  it("gives up after the attempts and says it retried", async () => {
    script.set(
      "/v2/a/c/tags/list?n=1000",
      Array.from({ length: 4 }, () => ({ status: 500 })),
    );
    const error = await client()
      .listTags("a/c")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(describeError(error)).toContain(
      `registry ${registry}: GET /v2/a/c/tags/list?n=1000 answered 500 after 4 attempts (UNAVAILABLE: try later)`,
    );
    expect(describeError(error)).toContain("retried 4 times");
  });

  it("does not retry a non-idempotent upload start", async () => {
    script.set("/v2/a/d/blobs/uploads/", [{ status: 503 }, { status: 503 }, { status: 503 }]);
    seen.length = 0;
    const error = await client()
      .mountBlob("a/d", `sha256:${"0".repeat(64)}`, "x/y")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(seen.filter((s) => s.startsWith("POST"))).toHaveLength(1);
  });

  it("says whether the registry is reachable when nothing listens", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const closed = new RegistryClient({
      registry: `127.0.0.1:${port}`,
      log: new MemoryLogger(),
      retry: { attempts: 2, baseMs: 1, maxMs: 2 },
    });
    const error = await closed.ping().catch((e: unknown) => e);
    expect(describeError(error)).toContain(
      `registry 127.0.0.1:${port}: GET /v2/ got no answer after 2 attempts (ECONNREFUSED)`,
    );
    expect(describeError(error)).toContain(`is 127.0.0.1:${port} reachable?`);
  });

  it("refuses a manifest whose bytes do not match the registry's digest header", async () => {
    await expect(client().getManifest("a/lie", "v1")).rejects.toThrow(
      /GET \/v2\/a\/lie\/manifests\/v1 returned bytes with digest sha256:[0-9a-f]{64}, not sha256:e{64}/,
    );
  });
});
