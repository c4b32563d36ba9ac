// Registry faults on the paths that write to or read from the registry: build's push (blobs and
// manifest through the registry client, then the build's digest check), attest (attach a signed
// bundle as a referrer), verify (fetch and check attestations) and the ledger append. Each runs
// through the fault proxy (test/support/fault-proxy.ts) in front of the stack's real registry and
// either succeeds after retries or fails with an error naming the registry and the request; after
// each fault the registry itself (crane, or the client talking to it directly) shows no half state:
// tags name what they named before or the complete new thing, every referrer's and record's blobs
// exist, the ledger holds each record once and its tag moves only onto a complete record.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeError, GreenlightError } from "../../src/errors";
import { exec } from "../../src/exec";
import { readGitState } from "../../src/git";
import { buildImage, verifyPushed } from "../../src/image/build";
import { parseReference } from "../../src/image/reference";
import { newReleaseId } from "../../src/ledger/ledger";
import type { ReleaseRecord } from "../../src/ledger/record";
import { RegistryLedger } from "../../src/ledger/registry-store";
import { MemoryLogger } from "../../src/log";
import { attachAttestation } from "../../src/provenance/attach";
import type { Policy } from "../../src/provenance/policy";
import { generateKeyPair, KeySigner } from "../../src/provenance/signers";
import { buildProvenance, SLSA_PROVENANCE_V1 } from "../../src/provenance/statement";
import { verifyDigest } from "../../src/provenance/verify";
import { OCI_MANIFEST, RegistryClient } from "../../src/registry/client";
import { listReferrers } from "../../src/registry/referrers";
import { pushTinyImage } from "../fixtures/provenance/tiny-image";
import { type Fault, FaultProxy, type Injection } from "../support/fault-proxy";
import { GITHUB_ENVS, githubSource } from "../support/github-context";
import { docTable } from "../support/reliability-doc";
import { loadStack, loggedInDockerConfig, stackClient, uniqueRepo } from "../support/stack";

const stack = loadStack();
const direct = stackClient(stack);
let proxy: FaultProxy;
let dockerConfig: string;

type Outcome = "retried-ok" | "clear error";
const table: { fault: string; operation: string; outcome: Outcome; requests: number }[] = [];

beforeAll(async () => {
  proxy = await new FaultProxy(stack.registry).start();
  dockerConfig = await loggedInDockerConfig(stack);
});
afterAll(async () => {
  await proxy.stop();
  await rm(dockerConfig, { recursive: true, force: true });
  printTable();
});

/** A client that goes through the proxy, with limits short enough for a stall to cost a second. */
function throughProxy(): RegistryClient {
  return new RegistryClient({
    registry: proxy.address,
    credentials: { username: stack.username, password: stack.password },
    log: new MemoryLogger(),
    retry: { attempts: 4, baseMs: 20, maxMs: 200 },
    timeouts: { headersMs: 1_000, idleMs: 1_000, bodyMs: 10_000 },
    chunkSize: 128 * 1024,
  });
}

async function crane(...args: string[]): Promise<string> {
  const result = await exec(stack.crane, [...args, "--insecure"], {
    env: { DOCKER_CONFIG: dockerConfig },
    allowFailure: true,
  });
  return result.exitCode === 0 ? result.stdout.trim() : `(${result.stderr.trim().split("\n").at(-1)})`;
}

interface Case {
  name: string;
  faults: Injection[];
  expect: Outcome;
  /** What the clear error must say, beyond the registry and the request. */
  says?: string;
}

const once = (method: string, path: RegExp, fault: Fault): Injection[] => [{ method, path, fault }];
const always = (method: string, path: RegExp, fault: Fault): Injection[] => [
  { method, path, fault, times: 50 },
];

const UPLOAD_START = /\/blobs\/uploads\/$/;
const UPLOAD_SESSION = /\/blobs\/uploads\/[^?]+/;
const UPLOAD_CLOSE = /\/blobs\/uploads\/.*digest=/;
const BLOB = /\/blobs\/sha256:/;
const BY_DIGEST = /\/manifests\/sha256:/;
const TAG_SCHEMA = /\/manifests\/sha256-/;
const LEDGER_TAG = /\/manifests\/greenlight\.ledger\./;
/**
 * What distribution answers a manifest PUT while a blob it names is being uploaded again by
 * another writer: the filesystem driver rewrites the blob's link file in place (truncate, then
 * write), and a manifest checked in between names a blob "unknown" (seen in its log, with the
 * DIGEST_INVALID it lists first, when two ledger writers pushed the empty config at once).
 */
const BLOB_UNKNOWN: Fault = {
  kind: "status",
  status: 400,
  errors: [
    { code: "DIGEST_INVALID", message: "provided digest did not match uploaded content" },
    {
      code: "MANIFEST_BLOB_UNKNOWN",
      message: "blob unknown to registry",
      detail: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
    },
  ],
};

/**
 * Runs `operation` through the proxy with `faults` programmed, records the outcome in the table
 * and checks it is the expected one; a failure must be a GreenlightError naming the registry and
 * saying what to do. Returns the error text, if any.
 */
async function inject(operation: string, c: Case, fn: () => Promise<unknown>): Promise<string | undefined> {
  proxy.reset();
  proxy.inject(...c.faults);
  let error: unknown;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  const applied = proxy.applied();
  table.push({
    fault: c.name,
    operation,
    outcome: error ? "clear error" : "retried-ok",
    requests: proxy.seen.length,
  });
  expect(applied.length, `fault '${c.name}' was never hit`).toBeGreaterThan(0);
  if (c.expect === "retried-ok") {
    expect(error === undefined ? "" : describeError(error)).toBe("");
    if (c.faults.every((f) => (f.times ?? 1) === 1)) {
      expect(proxy.pending(), "every programmed fault was used").toBe(0);
    }
    return undefined;
  }
  expect(error).toBeInstanceOf(GreenlightError);
  const text = describeError(error);
  expect(text).toContain(`registry ${proxy.address}: `);
  if (c.says) expect(text).toContain(c.says);
  expect(text).toMatch(/\b(GET|HEAD|PUT|POST|PATCH) (\/v2\/|http)/);
  expect((error as GreenlightError).hint).toBeTruthy();
  return text;
}

/** Pushes an image the way build's push does (config, a chunked layer, the manifest by tag). */
async function pushImage(client: RegistryClient, repo: string, tag: string): Promise<string> {
  const config = Buffer.from(
    JSON.stringify({ architecture: "amd64", os: "linux", nonce: randomBytes(8).toString("hex") }),
  );
  const configDesc = await client.pushBlob(repo, config, "application/vnd.oci.image.config.v1+json");
  const layer = await client.pushBlob(
    repo,
    randomBytes(300 * 1024),
    "application/vnd.oci.image.layer.v1.tar",
  );
  const manifest = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: configDesc, layers: [layer] }),
  );
  return (await client.putManifest(repo, tag, manifest, OCI_MANIFEST)).digest;
}

/** Whether every blob the manifest `ref` names is in the repository (asked of the registry directly). */
async function complete(repo: string, ref: string): Promise<boolean> {
  const manifest = JSON.parse((await direct.getManifest(repo, ref)).bytes.toString("utf8")) as {
    config: { digest: string };
    layers: { digest: string }[];
  };
  for (const d of [manifest.config, ...manifest.layers]) {
    if (!(await direct.blobExists(repo, d.digest))) return false;
  }
  return true;
}

describe("build: push of blobs and the manifest, then the digest check", () => {
  const repo = uniqueRepo("faults-build");
  const tag = "app";
  beforeAll(async () => {
    await pushImage(direct, repo, tag);
  });

  const cases: Case[] = [
    { name: "reset on blob HEAD", faults: once("HEAD", BLOB, { kind: "reset" }), expect: "retried-ok" },
    {
      name: "503 on upload start",
      faults: once("POST", UPLOAD_START, { kind: "status", status: 503 }),
      expect: "retried-ok",
    },
    {
      name: "429 Retry-After: 1 on upload start",
      faults: once("POST", UPLOAD_START, { kind: "rate-limit", retryAfter: "1" }),
      expect: "retried-ok",
    },
    {
      name: "PATCH cut after 70 KiB",
      faults: once("PATCH", UPLOAD_SESSION, { kind: "cut-upload", afterBytes: 70 * 1024 }),
      expect: "retried-ok",
    },
    {
      name: "500 on PATCH",
      faults: once("PATCH", UPLOAD_SESSION, { kind: "status", status: 500 }),
      expect: "retried-ok",
    },
    {
      name: "PATCH answer stalls",
      faults: once("PATCH", UPLOAD_SESSION, { kind: "stall-headers" }),
      expect: "retried-ok",
    },
    {
      name: "monolithic PUT cut after 20 bytes",
      faults: once("PUT", UPLOAD_CLOSE, { kind: "cut-upload", afterBytes: 20 }),
      expect: "retried-ok",
    },
    {
      name: "502 after the closing PUT was applied",
      faults: once("PUT", UPLOAD_CLOSE, { kind: "status-after-forward", status: 502 }),
      expect: "retried-ok",
    },
    {
      name: "manifest PUT answer stalls",
      faults: once("PUT", /\/manifests\/app$/, { kind: "stall-headers" }),
      expect: "retried-ok",
    },
    {
      name: "manifest PUT applied, answer lost",
      faults: once("PUT", /\/manifests\/app$/, { kind: "reset-after-forward" }),
      expect: "retried-ok",
    },
    {
      name: "manifest GET body stalls",
      faults: once("GET", /\/manifests\/app$/, { kind: "stall-body", afterBytes: 30 }),
      expect: "retried-ok",
    },
    {
      name: "manifest GET body cut",
      faults: once("GET", /\/manifests\/app$/, { kind: "cut-body", afterBytes: 30 }),
      expect: "retried-ok",
    },
    {
      name: "MANIFEST_BLOB_UNKNOWN once on the manifest PUT (a blob's link rewritten by another upload of it)",
      faults: once("PUT", /\/manifests\/app$/, BLOB_UNKNOWN),
      expect: "retried-ok",
    },
    {
      name: "503 on every manifest PUT",
      faults: always("PUT", /\/manifests\/app$/, { kind: "status", status: 503 }),
      expect: "clear error",
    },
    {
      name: "MANIFEST_BLOB_UNKNOWN on every manifest PUT",
      faults: always("PUT", /\/manifests\/app$/, BLOB_UNKNOWN),
      expect: "clear error",
      says: "MANIFEST_BLOB_UNKNOWN: blob unknown to registry (sha256:44136fa355b3",
    },
    {
      name: "every PATCH cut",
      faults: always("PATCH", UPLOAD_SESSION, { kind: "cut-upload", afterBytes: 10 * 1024 }),
      expect: "clear error",
    },
  ];

  it.each(cases)("$name → $expect", async (c) => {
    const before = await crane("digest", `${stack.registry}/${repo}:${tag}`);
    let pushed = "";
    await inject("build", c, async () => {
      const client = throughProxy();
      pushed = await pushImage(client, repo, tag);
      const image = parseReference(`${proxy.address}/${repo}`, "image");
      await verifyPushed(client, image, tag, pushed, "registry client");
    });
    const after = await crane("digest", `${stack.registry}/${repo}:${tag}`);
    // the tag names the complete new image, or still the old one: never something in between
    expect(after).toBe(c.expect === "retried-ok" ? pushed : before);
    expect(await complete(repo, after)).toBe(true);
  });
});

describe("build: the build engine (classic builder, docker push) through the proxy", () => {
  const repo = uniqueRepo("faults-build-engine");
  let loginDir = "";
  beforeAll(async () => {
    loginDir = await mkdtemp(join(tmpdir(), "greenlight-dockercfg-"));
    await exec("docker", ["login", "--username", stack.username, "--password-stdin", proxy.address], {
      env: { DOCKER_CONFIG: loginDir },
      input: stack.password,
    });
  });
  afterAll(async () => {
    // the images these builds left in dockerd (only ours: the proxy's port is in their names)
    const listed = await exec("docker", [
      "image",
      "ls",
      "--format",
      "{{.Repository}}:{{.Tag}}",
      `${proxy.address}/${repo}`,
    ]);
    const refs = listed.stdout.split("\n").filter(Boolean);
    if (refs.length) await exec("docker", ["rmi", "--force", ...refs], { allowFailure: true });
    await rm(loginDir, { recursive: true, force: true });
  });

  const build = async (tag: string) =>
    buildImage(
      {
        image: parseReference(`${proxy.address}/${repo}`),
        context: stack.appContext,
        tags: [tag],
        labels: [],
        buildArgs: [`VERSION=${randomBytes(4).toString("hex")}`],
        platforms: [],
        push: true,
        builder: "classic",
        cacheFrom: [],
        cacheTo: [],
        dockerConfigDir: loginDir,
        git: await readGitState(process.cwd()),
        env: process.env,
      },
      { log: new MemoryLogger(), registryClientFor: () => throughProxy() },
    );

  // verifyPushed GETs the first tag (sha-<commit>, shared by these builds); docker push only HEADs and PUTs
  const TAG_GET = /\/manifests\/(?!sha256:)[^/]+$/;
  const tagDigests = async () => {
    const listed = await crane("ls", `${stack.registry}/${repo}`);
    const tags = listed.startsWith("(") ? [] : listed.split("\n").sort();
    return Promise.all(
      tags.map(async (t) => `${t} ${await crane("digest", `${stack.registry}/${repo}:${t}`)}`),
    );
  };

  it.each([
    {
      name: "503 on the digest check's manifest GET",
      tag: "a",
      faults: once("GET", TAG_GET, { kind: "status", status: 503 }),
    },
    {
      name: "digest check's manifest body stalls",
      tag: "b",
      faults: once("GET", TAG_GET, { kind: "stall-body", afterBytes: 30 }),
    },
  ])("$name → retried-ok", async (c) => {
    let result: Awaited<ReturnType<typeof build>> | undefined;
    await inject("build (engine)", { name: c.name, faults: c.faults, expect: "retried-ok" }, async () => {
      result = await build(c.tag);
    });
    expect(result?.digest).toMatch(/^sha256:/);
    for (const ref of result?.tags ?? []) {
      const tag = ref.slice(ref.lastIndexOf(":") + 1);
      expect(await crane("digest", `${stack.registry}/${repo}:${tag}`)).toBe(result?.digest);
    }
  });

  it("503 on every manifest PUT of docker push → clear error, no tag moves", async () => {
    const before = await tagDigests();
    proxy.reset();
    proxy.inject(...always("PUT", /\/manifests\//, { kind: "status", status: 503 }));
    const error = await build("c").then(
      () => undefined,
      (e: unknown) => e,
    );
    table.push({
      fault: "503 on every manifest PUT (docker push)",
      operation: "build (engine)",
      outcome: error ? "clear error" : "retried-ok",
      requests: proxy.seen.length,
    });
    expect(error).toBeInstanceOf(GreenlightError);
    expect(describeError(error)).toMatch(/docker push/);
    console.log(`build with every manifest PUT failing:\n${describeError(error)}`);
    expect(await tagDigests()).toEqual(before);
  });
});

const keys = generateKeyPair();
const signer = new KeySigner(keys.privateKeyPem);
const policy: Policy = {
  publicKeyPem: keys.publicKeyPem,
  sourceRepository: "octo-org/shop",
  sourceRef: "refs/tags/v.*",
  requireTestResults: false,
};
const sign = (repo: string, digest: string) =>
  signer.sign(buildProvenance({ name: `${stack.registry}/${repo}`, digest }, githubSource(GITHUB_ENVS.tag)));

/** The referrers of a digest as the registry has them, each with its manifest and blobs checked. */
async function referrers(client: RegistryClient, repo: string, digest: string) {
  const { referrers: list } = await listReferrers(client, repo, digest);
  const whole: boolean[] = [];
  for (const r of list) {
    const manifest = JSON.parse((await client.getManifest(repo, r.digest)).bytes.toString("utf8")) as {
      config: { digest: string };
      layers: { digest: string }[];
    };
    const present = await Promise.all(
      [manifest.config, ...manifest.layers].map((d) => client.blobExists(repo, d.digest)),
    );
    whole.push(present.every(Boolean));
  }
  return { digests: list.map((r) => r.digest).sort(), whole };
}

describe("attest: a signed bundle attached as a referrer (tag schema on the distribution registry)", () => {
  const repo = uniqueRepo("faults-attest");
  let digest = "";
  beforeAll(async () => {
    digest = await pushTinyImage(direct, repo);
  });

  const cases: Case[] = [
    {
      name: "502 on the subject HEAD",
      faults: once("HEAD", BY_DIGEST, { kind: "status", status: 502 }),
      expect: "retried-ok",
    },
    {
      name: "reset on the bundle's upload start",
      faults: once("POST", UPLOAD_START, { kind: "reset" }),
      expect: "retried-ok",
    },
    {
      name: "bundle upload cut after 500 bytes",
      faults: once("PUT", UPLOAD_CLOSE, { kind: "cut-upload", afterBytes: 500 }),
      expect: "retried-ok",
    },
    {
      name: "referrer manifest PUT applied, answer lost",
      faults: once("PUT", BY_DIGEST, { kind: "reset-after-forward" }),
      expect: "retried-ok",
    },
    {
      name: "503 on the tag-schema index GET",
      faults: once("GET", TAG_SCHEMA, { kind: "status", status: 503 }),
      expect: "retried-ok",
    },
    {
      name: "tag-schema index PUT answer stalls",
      faults: once("PUT", TAG_SCHEMA, { kind: "stall-headers" }),
      expect: "retried-ok",
    },
    {
      name: "429 Retry-After: 1 on the index PUT",
      faults: once("PUT", TAG_SCHEMA, { kind: "rate-limit", retryAfter: "1" }),
      expect: "retried-ok",
    },
    {
      name: "500 on every upload start",
      faults: always("POST", UPLOAD_START, { kind: "status", status: 500 }),
      expect: "clear error",
    },
    {
      name: "reset on every index PUT",
      faults: always("PUT", TAG_SCHEMA, { kind: "reset" }),
      expect: "clear error",
    },
    {
      name: "tag-schema index that is not JSON",
      faults: always("GET", TAG_SCHEMA, {
        kind: "oversize",
        bytes: 100,
        declared: true,
        contentType: "application/vnd.oci.image.index.v1+json",
      }),
      expect: "clear error",
    },
    {
      name: "5 MiB tag-schema index",
      faults: always("GET", TAG_SCHEMA, {
        kind: "oversize",
        bytes: 5 * 1024 * 1024,
        declared: false,
        contentType: "application/vnd.oci.image.index.v1+json",
      }),
      expect: "clear error",
    },
  ];

  it.each(cases)("$name → $expect", async (c) => {
    const before = await referrers(direct, repo, digest);
    let attached = "";
    const bundle = await sign(repo, digest);
    await inject("attest", c, async () => {
      attached = (await attachAttestation(throughProxy(), repo, digest, bundle, SLSA_PROVENANCE_V1)).digest;
    });
    const after = await referrers(direct, repo, digest);
    // no referrer names a missing blob; the new one is listed exactly when attest succeeded
    expect(after.whole.every(Boolean)).toBe(true);
    expect(after.digests).toEqual(
      c.expect === "retried-ok" ? [...before.digests, attached].sort() : before.digests,
    );
    expect(await crane("digest", `${stack.registry}/${repo}:latest`)).toBe(digest);
  });
});

describe("verify: fetch attestations and check them (read-only)", () => {
  const repo = uniqueRepo("faults-verify");
  let digest = "";
  beforeAll(async () => {
    digest = await pushTinyImage(direct, repo);
    await attachAttestation(direct, repo, digest, await sign(repo, digest), SLSA_PROVENANCE_V1);
  });

  const cases: Case[] = [
    {
      name: "503 on the tag-schema index GET",
      faults: once("GET", TAG_SCHEMA, { kind: "status", status: 503 }),
      expect: "retried-ok",
    },
    {
      name: "referrer manifest body cut",
      faults: once("GET", BY_DIGEST, { kind: "cut-body", afterBytes: 40 }),
      expect: "retried-ok",
    },
    {
      name: "bundle body stalls",
      faults: once("GET", BLOB, { kind: "stall-body", afterBytes: 100 }),
      expect: "retried-ok",
    },
    {
      name: "429 Retry-After: 1 on the bundle GET",
      faults: once("GET", BLOB, { kind: "rate-limit", retryAfter: "1" }),
      expect: "retried-ok",
    },
    { name: "reset on the bundle GET", faults: once("GET", BLOB, { kind: "reset" }), expect: "retried-ok" },
    {
      name: "500 on every bundle GET",
      faults: always("GET", BLOB, { kind: "status", status: 500 }),
      expect: "clear error",
    },
    {
      name: "9 MiB bundle",
      faults: always("GET", BLOB, { kind: "oversize", bytes: 9 * 1024 * 1024, declared: true }),
      expect: "clear error",
    },
    {
      name: "index GET stalls every time",
      faults: always("GET", TAG_SCHEMA, { kind: "stall-headers" }),
      expect: "clear error",
    },
  ];

  it.each(cases)("$name → $expect", async (c) => {
    const before = {
      tags: await crane("ls", `${stack.registry}/${repo}`),
      refs: await referrers(direct, repo, digest),
    };
    await inject("verify", c, async () => {
      const result = await verifyDigest(throughProxy(), repo, digest, policy);
      expect(result.checks.filter((check) => !check.passed)).toEqual([]);
      expect(result.verified).toBe(true);
    });
    expect({
      tags: await crane("ls", `${stack.registry}/${repo}`),
      refs: await referrers(direct, repo, digest),
    }).toEqual(before);
  });
});

describe("ledger append", () => {
  const repository = uniqueRepo("faults-ledger");
  const environment = "prod";
  let n = 0;
  const record = (): ReleaseRecord => {
    n++;
    const digest = `sha256:${randomBytes(32).toString("hex")}`;
    const time = new Date(Date.UTC(2026, 11, 4, 12, 0, n));
    return {
      release: newReleaseId(time, digest),
      app: "app",
      environment,
      action: "deploy",
      outcome: "promoted",
      repository: `${stack.registry}/acme/app`,
      digest,
      color: n % 2 ? "blue" : "green",
      gates: [],
      actor: "faults",
      time: time.toISOString(),
    };
  };
  const ledger = (client: RegistryClient) =>
    new RegistryLedger({ client, repository, environment, settleMs: 10 });
  beforeAll(async () => {
    await ledger(direct).append(record());
  });

  const cases: Case[] = [
    {
      name: "503 on the ledger tag GET",
      faults: once("GET", LEDGER_TAG, { kind: "status", status: 503 }),
      expect: "retried-ok",
    },
    {
      name: "record upload cut after 100 bytes",
      faults: once("PUT", UPLOAD_CLOSE, { kind: "cut-upload", afterBytes: 100 }),
      expect: "retried-ok",
    },
    {
      name: "record manifest PUT answer stalls",
      faults: once("PUT", BY_DIGEST, { kind: "stall-headers" }),
      expect: "retried-ok",
    },
    {
      name: "tag PUT applied, answer lost",
      faults: once("PUT", LEDGER_TAG, { kind: "reset-after-forward" }),
      expect: "retried-ok",
    },
    {
      name: "tag PUT applied, every answer 500",
      faults: always("PUT", LEDGER_TAG, { kind: "status-after-forward", status: 500 }),
      expect: "retried-ok",
    },
    {
      name: "503 on every record manifest PUT",
      faults: always("PUT", BY_DIGEST, { kind: "status", status: 503 }),
      expect: "clear error",
    },
    {
      name: "reset on every tag PUT",
      faults: always("PUT", LEDGER_TAG, { kind: "reset" }),
      expect: "clear error",
    },
  ];

  it.each(cases)("$name → $expect", async (c) => {
    const before = await ledger(direct).history();
    const head = await crane("digest", `${stack.registry}/${repository}:greenlight.ledger.${environment}`);
    const r = record();
    await inject("ledger append", c, () => ledger(throughProxy()).append(r));
    const after = await ledger(direct).history();
    // the record is in the ledger exactly once when the append succeeded, not at all when it failed
    expect(after).toEqual(c.expect === "retried-ok" ? [...before, r] : before);
    if (c.expect === "clear error") {
      expect(await crane("digest", `${stack.registry}/${repository}:greenlight.ledger.${environment}`)).toBe(
        head,
      );
    }
  });

  it("appending the same record again (a caller retrying after a lost answer) records it once", async () => {
    proxy.reset();
    const before = await ledger(direct).history();
    const r = record();
    const first = await ledger(throughProxy()).append(r);
    expect(await ledger(throughProxy()).append(r)).toBe(first);
    expect(await ledger(direct).history()).toEqual([...before, r]);
  });
});

describe("verify through the referrers API (olareg)", () => {
  let olareg: FaultProxy;
  const repo = uniqueRepo("faults-referrers");
  let digest = "";
  const client = () =>
    new RegistryClient({
      registry: olareg.address,
      log: new MemoryLogger(),
      retry: { attempts: 4, baseMs: 20, maxMs: 200 },
      timeouts: { headersMs: 1_000, idleMs: 1_000, bodyMs: 10_000 },
    });
  beforeAll(async () => {
    olareg = await new FaultProxy(stack.referrersRegistry).start();
    const plain = new RegistryClient({ registry: stack.referrersRegistry, log: new MemoryLogger() });
    digest = await pushTinyImage(plain, repo);
    await attachAttestation(plain, repo, digest, await sign(repo, digest), SLSA_PROVENANCE_V1);
  });
  afterAll(() => olareg.stop());

  it.each([
    {
      name: "503 on the referrers API",
      fault: { kind: "status", status: 503 } as Fault,
      times: 1,
      expect: "retried-ok" as Outcome,
    },
    {
      name: "referrers API body cut",
      fault: { kind: "cut-body", afterBytes: 50 } as Fault,
      times: 1,
      expect: "retried-ok" as Outcome,
    },
    {
      name: "503 on every referrers API GET",
      fault: { kind: "status", status: 503 } as Fault,
      times: 50,
      expect: "clear error" as Outcome,
    },
  ])("$name → $expect", async (c) => {
    olareg.reset();
    olareg.inject({ method: "GET", path: /\/referrers\//, fault: c.fault, times: c.times });
    let error: unknown;
    const result = await verifyDigest(client(), repo, digest, policy).catch((e: unknown) => {
      error = e;
      return undefined;
    });
    table.push({
      fault: c.name,
      operation: "verify (referrers API)",
      outcome: error ? "clear error" : "retried-ok",
      requests: olareg.seen.length,
    });
    if (c.expect === "retried-ok") {
      expect(result?.mode).toBe("referrers-api");
      expect(result?.verified).toBe(true);
    } else {
      // not quietly "no attestations" from the tag-schema fallback: the registry's failure is named
      expect(describeError(error)).toContain(
        `registry ${olareg.address}: GET /v2/${repo}/referrers/${digest}`,
      );
      expect(describeError(error)).toContain("answered 503 after 4 attempts");
    }
  });
});

function printTable(): void {
  const lines = [
    "| fault injected | operation | outcome | requests |",
    "|---|---|---|---|",
    ...table.map((r) => `| ${r.fault} | ${r.operation} | ${r.outcome} | ${r.requests} |`),
  ];
  const ok = table.filter((r) => r.outcome === "retried-ok").length;
  lines.push(
    "",
    `${table.length} faults injected: ${ok} retried-ok, ${table.length - ok} clear error; registry state checked after each (no half state).`,
  );
  console.log(`\nRegistry faults\n\n${lines.join("\n")}\n`);
}

describe("docs/reliability.md", () => {
  it("lists every fault this file injected, with its operation and outcome", () => {
    const doc = docTable("Registry faults").map(
      ([fault, operation, outcome]) => `${fault} | ${operation} | ${outcome}`,
    );
    for (const r of table) expect(doc).toContain(`${r.fault} | ${r.operation} | ${r.outcome}`);
  });
});
