// A registry (or something in front of it) that stalls, floods, or points greenlight at another
// host: the real registry of the stack behind the fault proxy of test/support/fault-proxy.ts.
// Each case failed on the code before the fix (see the commit that added this file).
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { describeError } from "../../src/errors";
import { MemoryLogger } from "../../src/log";
import { basicHeader } from "../../src/registry/auth";
import { RegistryClient, type RegistryClientOptions } from "../../src/registry/client";
import { pushTinyImage } from "../fixtures/provenance/tiny-image";
import { FaultProxy } from "../support/fault-proxy";
import { loadStack, stackClient, uniqueRepo } from "../support/stack";

const stack = loadStack();
const creds = { username: stack.username, password: stack.password };
let proxy: FaultProxy;
let emptyConfig: string;
const repo = uniqueRepo("hostile");
let digest: string;

beforeAll(async () => {
  proxy = await new FaultProxy(stack.registry).start();
  emptyConfig = await mkdtemp(join(tmpdir(), "greenlight-nocreds-"));
  digest = await pushTinyImage(stackClient(stack), repo, "v1");
});
afterAll(async () => {
  await proxy.stop();
  await rm(emptyConfig, { recursive: true, force: true });
});
beforeEach(() => proxy.reset());

/** A client through the proxy with short limits, so a stall is noticed in a test's time. */
function client(extra: Partial<RegistryClientOptions> = {}): RegistryClient {
  return new RegistryClient({
    registry: proxy.address,
    credentials: creds,
    log: new MemoryLogger(),
    retry: { attempts: 2, baseMs: 5, maxMs: 20 },
    timeouts: { headersMs: 400, idleMs: 400, bodyMs: 5_000 },
    ...extra,
  } as RegistryClientOptions);
}

const failure = (promise: Promise<unknown>) => promise.then(() => "succeeded", describeError);

describe("every request has a timeout", () => {
  it("a response whose headers never come fails, naming the registry, request and limit", async () => {
    proxy.inject({ method: "GET", path: /manifests\/v1$/, fault: { kind: "stall-headers" }, times: 2 });
    const text = await failure(client().getManifest(repo, "v1"));
    expect(text).toContain(`registry ${proxy.address}: GET /v2/${repo}/manifests/v1`);
    expect(text).toContain("no response headers within 400 ms");
    expect(text).toContain("after 2 attempts");
  }, 15_000);

  it("a body that stops half way fails on the idle limit", async () => {
    proxy.inject({
      method: "GET",
      path: /manifests\/v1$/,
      fault: { kind: "stall-body", afterBytes: 20 },
      times: 2,
    });
    const text = await failure(client().getManifest(repo, "v1"));
    expect(text).toContain(`registry ${proxy.address}: GET /v2/${repo}/manifests/v1`);
    expect(text).toContain("response body stalled: nothing for 400 ms");
  }, 15_000);

  it("a stalled answer is retried and the retry succeeds", async () => {
    proxy.inject({ method: "GET", path: /manifests\/v1$/, fault: { kind: "stall-headers" } });
    expect((await client().getManifest(repo, "v1")).digest).toBe(digest);
    expect(proxy.applied()).toEqual(["stall-headers"]);
  }, 15_000);
});

describe("every response body has a size cap", () => {
  it.each([
    { declared: true, expected: "body of 5242880 bytes is over the 4 MiB limit for a manifest" },
    { declared: false, expected: "body is over the 4 MiB limit for a manifest" },
  ])(
    "a 5 MiB manifest (Content-Length declared: $declared) is refused",
    async ({ declared, expected }) => {
      proxy.inject({
        method: "GET",
        path: /manifests\/v1$/,
        fault: { kind: "oversize", bytes: 5 * 1024 * 1024, declared },
      });
      const text = await failure(client().getManifest(repo, "v1"));
      expect(text).toContain(`registry ${proxy.address}: GET /v2/${repo}/manifests/v1`);
      expect(text).toContain(expected);
      expect(proxy.seen.filter((s) => s.fault === "oversize")).toHaveLength(1); // not retried
    },
    15_000,
  );

  it("a token answer over 1 MiB is refused", async () => {
    const realm = await tokenServer("127.0.0.1", (_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(`{"token":"${"a".repeat(2 * 1024 * 1024)}"}`);
    });
    try {
      proxy.inject({
        path: /^\/v2\/$/,
        fault: { kind: "challenge", header: `Bearer realm="${realm.url}",service="s"` },
      });
      const anonymous = client({ credentials: undefined, dockerConfigDir: emptyConfig });
      const text = await failure(anonymous.ping());
      expect(text).toContain(`GET ${realm.url}`);
      expect(text).toContain("over the 1 MiB limit for a token");
    } finally {
      await realm.stop();
    }
  }, 15_000);
});

describe("credentials go to the registry's own origin only", () => {
  it("an upload Location on another host gets no Authorization, and the upload completes there", async () => {
    // "another host": localhost is not 127.0.0.1. It stands for storage that authorizes uploads
    // by its own means (a presigned URL): it adds the stack's credentials itself when forwarding.
    // Its Locations are relative: relative to the storage host's URL, not the registry's.
    const storage = await new FaultProxy(stack.registry, basicHeader(creds), true).start("127.0.0.2");
    try {
      const origin = `http://${storage.address}`;
      proxy.inject({ method: "POST", path: /blobs\/uploads\/$/, fault: { kind: "relocate", origin } });
      // above the size pushBlob uploads without a check first: the HEAD takes the auth challenge
      const blob = randomBytes(20_000);
      const pushed = await client({ chunkSize: 8192 }).pushBlob(repo, blob);
      expect(storage.seen.map((s) => s.method)).toEqual(["PATCH", "PATCH", "PATCH", "PUT"]);
      expect(storage.seen.filter((s) => s.authorization)).toEqual([]);
      expect(await stackClient(stack).blobExists(repo, pushed.digest)).toBe(true);
    } finally {
      await storage.stop();
    }
  }, 30_000);

  it("a blob GET redirected to another host gets no Authorization there", async () => {
    const blob = randomBytes(500);
    const pushed = await stackClient(stack).pushBlob(repo, blob);
    const storage = await new FaultProxy(stack.registry, basicHeader(creds)).start("127.0.0.2");
    try {
      proxy.inject({
        method: "GET",
        path: /\/blobs\/sha256:/,
        fault: { kind: "redirect", origin: `http://${storage.address}` },
      });
      expect((await client().getBlob(repo, pushed.digest)).equals(blob)).toBe(true);
      expect(storage.seen.map((s) => [s.method, s.authorization])).toEqual([["GET", false]]);
    } finally {
      await storage.stop();
    }
  }, 15_000);

  it("Basic credentials are not sent to a plain-http token realm on another host", async () => {
    const asked: (string | undefined)[] = [];
    const realm = await tokenServer("127.0.0.2", (req, res) => {
      asked.push(req.headers.authorization);
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end('{"token":"t"}');
    });
    try {
      proxy.inject({
        path: /^\/v2\/$/,
        fault: { kind: "challenge", header: `Bearer realm="${realm.url}",service="s"` },
      });
      const text = await failure(client().ping());
      expect(asked.filter(Boolean)).toEqual([]);
      expect(text).toContain(`refusing to send the credentials for ${proxy.address}`);
      expect(text).toContain(realm.url);
    } finally {
      await realm.stop();
    }
  }, 15_000);
});

describe("broken answers are retried", () => {
  it("a body cut mid-way is read again", async () => {
    proxy.inject({ method: "GET", path: /manifests\/v1$/, fault: { kind: "cut-body", afterBytes: 20 } });
    expect((await client().getManifest(repo, "v1")).digest).toBe(digest);
    expect(proxy.applied()).toEqual(["cut-body"]);
  }, 15_000);

  it("a 429 with Retry-After on the upload start is waited out", async () => {
    proxy.inject({
      method: "POST",
      path: /blobs\/uploads\/$/,
      fault: { kind: "rate-limit", retryAfter: "1" },
    });
    const pushed = await client().pushBlob(repo, randomBytes(100));
    expect(await stackClient(stack).blobExists(repo, pushed.digest)).toBe(true);
    expect(proxy.applied()).toEqual(["rate-limit"]);
  }, 15_000);
});

async function tokenServer(
  host: string,
  handler: (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const url = `http://${host}:${(server.address() as AddressInfo).port}/token`;
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
