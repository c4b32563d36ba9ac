// The release ledger kept only in the real registry of the stack (htpasswd auth).

import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exec } from "../../src/exec";
import { newReleaseId, pickRollbackTarget } from "../../src/ledger/ledger";
import type { ReleaseRecord } from "../../src/ledger/record";
import {
  ledgerTag,
  PREVIOUS_ANNOTATION,
  RELEASE_ARTIFACT_TYPE,
  RegistryLedger,
  recordManifest,
} from "../../src/ledger/registry-store";
import { MemoryLogger } from "../../src/log";
import { RegistryClient } from "../../src/registry/client";
import { EMPTY_CONFIG_BYTES, OCI_EMPTY, OCI_MANIFEST, sha256Digest } from "../../src/registry/media";
import { FaultProxy } from "../support/fault-proxy";
import { loadStack, loggedInDockerConfig, stackClient, uniqueRepo } from "../support/stack";

const stack = loadStack();
const newClient = () => stackClient(stack);
let configDir: string;

beforeAll(async () => {
  configDir = await loggedInDockerConfig(stack);
});
afterAll(() => rm(configDir, { recursive: true, force: true }));

function record(n: number, outcome: ReleaseRecord["outcome"], environment = "prod"): ReleaseRecord {
  const digest = `sha256:${String(n).repeat(64).slice(0, 64)}`;
  return {
    release: newReleaseId(new Date(Date.UTC(2026, 10, 27, 16, n)), digest),
    app: "app",
    environment,
    action: "deploy",
    outcome,
    repository: `${stack.registry}/acme/app`,
    digest,
    color: n % 2 ? "blue" : "green",
    gates: [
      { name: "junit", kind: "test-results", passed: true, detail: "3 tests, 0 failures", durationMs: 4 },
    ],
    actor: "octocat",
    time: new Date(Date.UTC(2026, 10, 27, 16, n)).toISOString(),
  };
}

describe("RegistryLedger", () => {
  it("appends records as a hash chain and reads them back in order from a new client", async () => {
    const repository = uniqueRepo("ledger");
    const ledger = new RegistryLedger({ client: newClient(), repository, environment: "prod" });
    expect(await ledger.history()).toEqual([]);
    const records = [record(1, "promoted"), record(2, "promoted"), record(3, "failed")];
    const ids: string[] = [];
    for (const r of records) ids.push(await ledger.append(r));
    expect(new Set(ids).size).toBe(3);
    expect(await ledger.history()).toEqual(records);

    // nothing local: a fresh client and store see the same history
    const elsewhere = new RegistryLedger({ client: newClient(), repository, environment: "prod" });
    const history = await elsewhere.history();
    expect(history).toEqual(records);
    expect(pickRollbackTarget(history)?.digest).toBe(records[0]?.digest);

    // a bounded walk reads only the newest records, still oldest first
    const recent = new RegistryLedger({
      client: newClient(),
      repository,
      environment: "prod",
      maxRecords: 2,
    });
    expect(await recent.history()).toEqual(records.slice(1));

    // the chain as an independent client sees it
    const crane = async (args: string[]) =>
      (await exec(stack.crane, [...args, "--insecure"], { env: { DOCKER_CONFIG: configDir } })).stdout;
    const head = JSON.parse(
      await crane(["manifest", `${stack.registry}/${repository}:greenlight.ledger.prod`]),
    );
    expect(head.artifactType).toBe(RELEASE_ARTIFACT_TYPE);
    expect(head.annotations[PREVIOUS_ANNOTATION]).toBe(ids[1]);
    const first = JSON.parse(await crane(["manifest", `${stack.registry}/${repository}@${ids[0]}`]));
    expect(first.annotations[PREVIOUS_ANNOTATION]).toBeUndefined();
    expect(
      JSON.parse(await crane(["blob", `${stack.registry}/${repository}@${first.layers[0].digest}`])),
    ).toEqual(records[0]);
  });

  it("reads one manifest per record, sends no HEAD, and checks the record embedded in it", async () => {
    const repository = uniqueRepo("ledger-embedded");
    // every request the ledger sends goes through a recording proxy in front of the registry
    const proxy = await new FaultProxy(stack.registry).start();
    const throughProxy = () =>
      new RegistryClient({
        registry: proxy.address,
        credentials: { username: stack.username, password: stack.password },
        log: new MemoryLogger(),
      });
    const records = [record(1, "promoted"), record(2, "promoted"), record(3, "failed")];
    try {
      const ledger = new RegistryLedger({ client: throughProxy(), repository, environment: "prod" });
      for (const r of records) await ledger.append(r);
      expect(proxy.seen.filter((r) => r.method === "HEAD")).toEqual([]);
      proxy.seen.length = 0;
      const fresh = new RegistryLedger({ client: throughProxy(), repository, environment: "prod" });
      expect(await fresh.history()).toEqual(records);
      // the tag (its manifest kept for the walk), then one manifest per older record; no blob
      const read = proxy.seen.map(
        (r) => `${r.method} ${r.path.replace(/^\/v2\/.+?\/(manifests|blobs)\//, "$1/")}`,
      );
      expect(read.filter((r) => r.startsWith("GET manifests/sha256:"))).toHaveLength(2);
      expect(read.filter((r) => r.includes("blobs/"))).toEqual([]);
      expect(read.filter((r) => r.startsWith("HEAD"))).toEqual([]);
    } finally {
      await proxy.stop();
    }

    // a record written before records were embedded (no `data`) is read from its blob
    const client = newClient();
    const old = record(4, "promoted");
    const oldBytes = Buffer.from(JSON.stringify(old));
    await client.pushBlob(repository, EMPTY_CONFIG_BYTES, OCI_EMPTY);
    const layer = await client.pushBlob(repository, oldBytes, RELEASE_ARTIFACT_TYPE);
    const head = (await client.manifestDescriptor(repository, ledgerTag("prod")))?.digest;
    const plain = recordManifest(layer, head, old);
    await client.putManifest(repository, ledgerTag("prod"), plain, OCI_MANIFEST);
    expect(
      await new RegistryLedger({ client: newClient(), repository, environment: "prod" }).history(),
    ).toEqual([...records, old]);

    // an embedded record that is not its layer's bytes is refused, not believed
    const forged = { ...record(5, "promoted"), digest: `sha256:${"e".repeat(64)}` };
    const honest = record(5, "failed");
    const honestLayer = await client.pushBlob(
      repository,
      Buffer.from(JSON.stringify(honest)),
      RELEASE_ARTIFACT_TYPE,
    );
    const tampered = recordManifest(
      { ...honestLayer, data: Buffer.from(JSON.stringify(forged)).toString("base64") },
      sha256Digest(plain),
      honest,
    );
    await client.putManifest(repository, ledgerTag("prod"), tampered, OCI_MANIFEST);
    await expect(
      new RegistryLedger({ client: newClient(), repository, environment: "prod" }).history(),
    ).rejects.toThrow(/embedded record does not match the layer/);
  });

  it("keeps environments apart", async () => {
    const repository = uniqueRepo("ledger-envs");
    const prod = new RegistryLedger({ client: newClient(), repository, environment: "prod" });
    const staging = new RegistryLedger({ client: newClient(), repository, environment: "staging" });
    await prod.append(record(1, "promoted"));
    await staging.append(record(2, "staged", "staging"));
    expect((await prod.history()).map((r) => r.digest)).toEqual([record(1, "promoted").digest]);
    expect((await staging.history()).map((r) => r.environment)).toEqual(["staging"]);
    await expect(prod.append(record(3, "promoted", "staging"))).rejects.toThrow(/environment 'staging'/);
  });

  it("appends several records as one chain write, in order, once even when retried", async () => {
    const repository = uniqueRepo("ledger-all");
    const ledger = new RegistryLedger({ client: newClient(), repository, environment: "prod" });
    const one = record(1, "promoted");
    const first = await ledger.append(one);
    const pair = [record(2, "rolled-back"), record(3, "promoted")];
    const ids = await ledger.appendAll(pair);
    expect(ids).toHaveLength(2);
    // a caller retrying after a lost answer gets the same ids, nothing appended twice
    expect(await ledger.appendAll(pair)).toEqual(ids);
    const elsewhere = new RegistryLedger({ client: newClient(), repository, environment: "prod" });
    expect(await elsewhere.history()).toEqual([one, ...pair]);
    const manifest = async (digest: string) =>
      JSON.parse((await newClient().getManifest(repository, digest)).bytes.toString("utf8"));
    expect((await manifest(ids[0] as string)).annotations[PREVIOUS_ANNOTATION]).toBe(first);
    expect((await manifest(ids[1] as string)).annotations[PREVIOUS_ANNOTATION]).toBe(ids[0]);
    expect((await newClient().manifestDescriptor(repository, ledger.tag))?.digest).toBe(ids[1]);
  });

  it("a writer whose view is stale chains onto the newest record instead of losing one", async () => {
    const repository = uniqueRepo("ledger-writers");
    const a = new RegistryLedger({ client: newClient(), repository, environment: "prod" });
    const b = new RegistryLedger({ client: newClient(), repository, environment: "prod" });
    await a.append(record(1, "promoted"));
    await b.append(record(2, "promoted"));
    await a.append(record(3, "promoted"));
    expect((await b.history()).map((r) => r.digest)).toEqual(
      [1, 2, 3].map((n) => record(n, "promoted").digest),
    );
  });

  it("concurrent appends from two writers keep every record (measured, see the report)", async () => {
    const repository = uniqueRepo("ledger-race");
    const a = new RegistryLedger({ client: newClient(), repository, environment: "prod" });
    const b = new RegistryLedger({ client: newClient(), repository, environment: "prod" });
    const write = async (ledger: RegistryLedger, ns: number[]) => {
      for (const n of ns) await ledger.append(record(n, "promoted"));
    };
    await Promise.all([write(a, [1, 3, 5]), write(b, [2, 4, 6])]);
    const seen = (await a.history()).map((r) => r.digest).sort();
    expect(seen).toEqual([1, 2, 3, 4, 5, 6].map((n) => record(n, "promoted").digest).sort());
  });
});
