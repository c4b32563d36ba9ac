// A second distribution registry (the Debian docker-registry binary, real) with `auth: token`,
// and a token server started here with node:http that issues ES256 JWTs signed by a key whose
// self-signed certificate is the registry's rootcertbundle. The token server is ours because no
// token service is available on this machine; the registry verifying its tokens is the real one.
import { createPrivateKey, randomBytes, sign } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeError } from "../../src/errors";
import { exec } from "../../src/exec";
import { MemoryLogger } from "../../src/log";
import { RegistryClient, RegistryError } from "../../src/registry/client";
import { OCI_MANIFEST } from "../../src/registry/media";

const USER = "bearer-user";
const PASSWORD = `pw-${randomBytes(6).toString("hex")}`;
const SERVICE = "greenlight-test-registry";
const ISSUER = "greenlight-test-token-issuer";

let dir: string;
let registry: string;
let tokenServer: Server;
const tokenRequests: { authorized: boolean; scopes: string[] }[] = [];
const stopRegistry = new AbortController();
let registryExit: Promise<unknown>;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

function issueToken(keyPem: string, certDer: Buffer, scopes: string[]): string {
  const header = { typ: "JWT", alg: "ES256", x5c: [certDer.toString("base64")] };
  const now = Math.floor(Date.now() / 1000);
  const access = scopes.map((scope) => {
    const [type, name, actions] = scope.split(":");
    return { type, name, actions: (actions ?? "").split(",").filter(Boolean) };
  });
  const claims = {
    iss: ISSUER,
    sub: USER,
    aud: SERVICE,
    exp: now + 300,
    nbf: now - 10,
    iat: now,
    jti: randomBytes(8).toString("hex"),
    access,
  };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = sign("sha256", Buffer.from(input), {
    key: createPrivateKey(keyPem),
    dsaEncoding: "ieee-p1363",
  });
  return `${input}.${b64url(signature)}`;
}

async function waitForRegistry(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`registry at ${url} did not start`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-bearer-"));
  await exec("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "1",
    "-subj",
    "/CN=greenlight test token issuer",
    "-keyout",
    join(dir, "key.pem"),
    "-out",
    join(dir, "cert.pem"),
  ]);
  const keyPem = await readFile(join(dir, "key.pem"), "utf8");
  const certDer = Buffer.from(
    (await readFile(join(dir, "cert.pem"), "utf8")).replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""),
    "base64",
  );
  tokenServer = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const expected = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`;
    const authorized = req.headers.authorization === expected;
    const scopes = url.searchParams.getAll("scope");
    tokenRequests.push({ authorized, scopes });
    if (!authorized || url.searchParams.get("service") !== SERVICE) {
      res.writeHead(401, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ details: "incorrect username or password" }));
      return;
    }
    res.writeHead(200, { "Content-Type": "application/json" });
    // `access_token` only, as some token servers answer (the client must accept either name)
    res.end(JSON.stringify({ access_token: issueToken(keyPem, certDer, scopes), expires_in: 300 }));
  });
  await new Promise<void>((resolve) => tokenServer.listen(0, "127.0.0.1", resolve));
  const tokenPort = (tokenServer.address() as AddressInfo).port;
  const port = await freePort();
  registry = `127.0.0.1:${port}`;
  await mkdir(join(dir, "data"));
  await writeFile(
    join(dir, "config.yml"),
    [
      "version: 0.1",
      "log: { level: warn }",
      `storage: { filesystem: { rootdirectory: ${join(dir, "data")} }, delete: { enabled: true } }`,
      `http: { addr: "${registry}" }`,
      "auth:",
      "  token:",
      `    realm: http://127.0.0.1:${tokenPort}/token`,
      `    service: ${SERVICE}`,
      `    issuer: ${ISSUER}`,
      `    rootcertbundle: ${join(dir, "cert.pem")}`,
      "",
    ].join("\n"),
  );
  registryExit = exec("/usr/bin/docker-registry", ["serve", join(dir, "config.yml")], {
    signal: stopRegistry.signal,
    allowFailure: true,
  }).catch(() => undefined);
  await waitForRegistry(`http://${registry}/v2/`);
});

afterAll(async () => {
  stopRegistry.abort();
  await registryExit;
  await new Promise((resolve) => tokenServer?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe("Bearer token auth against a real distribution registry", () => {
  it("the registry really demands a Bearer token", async () => {
    const response = await fetch(`http://${registry}/v2/`);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(
      /^Bearer realm="http:\/\/127\.0\.0\.1:\d+\/token"/,
    );
  });

  it("pushes and pulls through the token flow, and never logs the secrets", async () => {
    const log = new MemoryLogger();
    const client = new RegistryClient({ registry, credentials: { username: USER, password: PASSWORD }, log });
    const repo = "acme/bearer";
    await client.ping();
    const blob = Buffer.from(`layer ${randomBytes(8).toString("hex")}`);
    const layer = await client.pushBlob(repo, blob, "application/vnd.greenlight.test");
    await client.pushBlob(repo, Buffer.from("{}"), "application/vnd.oci.empty.v1+json");
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        artifactType: "application/vnd.greenlight.test",
        config: {
          mediaType: "application/vnd.oci.empty.v1+json",
          digest: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
          size: 2,
        },
        layers: [layer],
      }),
    );
    const put = await client.putManifest(repo, "v1", manifest, OCI_MANIFEST);

    const reader = new RegistryClient({ registry, credentials: { username: USER, password: PASSWORD }, log });
    const fetched = await reader.getManifest(repo, "v1");
    expect(fetched.digest).toBe(put.digest);
    expect(fetched.bytes.equals(manifest)).toBe(true);
    expect((await reader.getBlob(repo, layer.digest)).equals(blob)).toBe(true);
    expect(await reader.listTags(repo)).toEqual(["v1"]);

    // the registry's challenge lists the actions in no fixed order (a Go map): compare as sets
    const granted = tokenRequests.filter((r) => r.authorized);
    const actions = granted.flatMap((r) => r.scopes.filter((sc) => sc.startsWith(`repository:${repo}:`)));
    const sets = actions.map((sc) => (sc.split(":")[2] ?? "").split(",").sort().join(","));
    expect(sets).toContain("pull,push");
    expect(sets).toContain("pull");
    // tokens are cached per scope: far fewer token requests than registry requests
    expect(granted.length).toBeLessThanOrEqual(6);
    const printed = log.lines.join("\n");
    expect(printed).not.toContain(PASSWORD);
    expect(printed).not.toMatch(/eyJ[\w-]+\.eyJ/); // no JWT
  });

  it("fails with a clear 401 on wrong credentials", async () => {
    const client = new RegistryClient({
      registry,
      credentials: { username: USER, password: "wrong" },
      log: new MemoryLogger(),
    });
    const error = await client.getManifest("acme/bearer", "v1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).status).toBe(401);
    const text = describeError(error);
    expect(text).toContain(`registry ${registry}`);
    expect(text).toContain("GET http://127.0.0.1:");
    expect(text).toContain(`run \`docker login ${registry}\``);
  });

  it("without credentials (and an empty docker config) is refused too", async () => {
    const client = new RegistryClient({ registry, dockerConfigDir: dir, log: new MemoryLogger() });
    await expect(client.ping()).rejects.toThrow(/answered 401/);
  });
});
