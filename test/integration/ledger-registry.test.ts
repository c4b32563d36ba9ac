// The release ledger kept only in the real registry of the stack (htpasswd auth).

import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exec } from "../../src/exec";
import { newReleaseId, pickRollbackTarget } from "../../src/ledger/ledger";
import type { ReleaseRecord } from "../../src/ledger/record";
import {
  ledgerTag,
  PREVIOUS_ANNOTATION,
  RECORD_ANNOTATION,
  RECORD_COPIES,
  RELEASE_ARTIFACT_TYPE,
  RegistryLedger,
  recordManifest,
} from "../../src/ledger/registry-store";
import { MemoryLogger } from "../../src/log";
import { RegistryClient } from "../../src/registry/client";
import {
  type Descriptor,
  EMPTY_CONFIG_BYTES,
  OCI_EMPTY,
  OCI_MANIFEST,
  sha256Digest,
} from "../../src/registry/media";
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

/** The chain as a greenlight from before the copies reads it: layers[0] and the previous annotation, one by one. */
const oneByOne = async (repository: string): Promise<ReleaseRecord[]> => {
  const client = newClient();
  const records: ReleaseRecord[] = [];
  for (let ref: string | undefined = ledgerTag("prod"); ref; ) {
    const manifest = JSON.parse((await client.getManifest(repository, ref)).bytes.toString("utf8"));
    const layer = manifest.layers[0];
    const bytes = layer.data
      ? Buffer.from(layer.data, "base64")
      : await client.getBlob(repository, layer.digest);
    records.unshift(JSON.parse(bytes.toString("utf8")));
    ref = manifest.annotations[PREVIOUS_ANNOTATION];
  }
  return records;
};

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

  it("reads the tag's manifest only for a short chain, sends no HEAD, and checks the record embedded in it", async () => {
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
      // the tag's manifest carries the older records as copies: no other manifest, no blob
      const read = proxy.seen.map(
        (r) => `${r.method} ${r.path.replace(/^\/v2\/.+?\/(manifests|blobs)\//, "$1/")}`,
      );
      expect(read.filter((r) => r.startsWith("GET manifests/sha256:"))).toEqual([]);
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
    const walked = await a.history();
    expect(walked.map((r) => r.digest).sort()).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => record(n, "promoted").digest).sort(),
    );
    // the copies each writer put in agree with the chain it appended to
    expect(await oneByOne(repository)).toEqual(walked);
  });

  describe("copies of the records before it in each record manifest", () => {
    let proxy: FaultProxy;
    const forty = Array.from({ length: 40 }, (_, i) => record(i + 1, i % 10 === 9 ? "failed" : "promoted"));
    let fortyRepo: string;
    beforeAll(async () => {
      proxy = await new FaultProxy(stack.registry).start();
      // every append by a new process: the copies come from the head manifest it reads, nothing else
      fortyRepo = uniqueRepo("ledger-copies");
      for (const r of forty) await fresh(fortyRepo).append(r);
    });
    afterAll(() => proxy.stop());
    const throughProxy = () =>
      new RegistryClient({
        registry: proxy.address,
        credentials: { username: stack.username, password: stack.password },
        log: new MemoryLogger(),
      });
    /** A fresh process's ledger (nothing cached), every request recorded by the proxy. */
    const fresh = (repository: string, maxRecords?: number) =>
      new RegistryLedger({
        client: throughProxy(),
        repository,
        environment: "prod",
        maxRecords,
        settleMs: 5,
      });
    /** The manifest GETs by digest and the blob GETs the proxy saw since the last call. */
    const reads = () => {
      const seen = proxy.seen.splice(0).filter((r) => r.method === "GET");
      return {
        manifests: seen.filter((r) => /\/manifests\/sha256:/.test(r.path)).length,
        blobs: seen.filter((r) => r.path.includes("/blobs/")).length,
      };
    };
    const perManifest = RECORD_COPIES + 1;
    it("the chain of 40 is what a one-by-one reader of layers[0] and the previous annotation sees", async () => {
      expect(await oneByOne(fortyRepo)).toEqual(forty);
    });

    it.each([
      { maxRecords: 200, read: 40 },
      { maxRecords: 40, read: 40 },
      { maxRecords: 39, read: 39 },
      { maxRecords: 20, read: 20 }, // cut inside the second manifest
      { maxRecords: 17, read: 17 },
      { maxRecords: perManifest, read: perManifest },
      { maxRecords: 3, read: 3 }, // cut inside the tag's manifest
      { maxRecords: 1, read: 1 },
    ])(
      "a walk of $maxRecords over 40 records reads the newest $read from ceil($read / 16) manifests",
      async ({ maxRecords, read }) => {
        reads();
        const walk = await fresh(fortyRepo, maxRecords).walk();
        expect(walk.records).toEqual(forty.slice(-read));
        expect(walk.truncated).toBe(read < forty.length);
        // the tag's manifest, then one GET by digest per further 16 records; no blob
        expect(reads()).toEqual({ manifests: Math.ceil(read / perManifest) - 1, blobs: 0 });
      },
    );

    it("walks a mixed chain: records from before embedding (blob), before copies (one layer), then with copies", async () => {
      const repository = uniqueRepo("ledger-mixed");
      const client = newClient();
      await client.pushBlob(repository, EMPTY_CONFIG_BYTES, OCI_EMPTY);
      const all = Array.from({ length: 50 }, (_, i) => record(i + 1, "promoted"));
      let previous: string | undefined;
      for (const [i, r] of all.slice(0, 20).entries()) {
        const bytes = Buffer.from(JSON.stringify(r));
        const layer = await client.pushBlob(repository, bytes, RELEASE_ARTIFACT_TYPE);
        const embedded = i < 10 ? layer : { ...layer, data: bytes.toString("base64") };
        const manifest = recordManifest(embedded, previous, r);
        previous = sha256Digest(manifest);
        await client.putManifest(repository, previous, manifest, OCI_MANIFEST);
      }
      await client.putManifest(
        repository,
        ledgerTag("prod"),
        (await client.getManifest(repository, previous as string)).bytes,
        OCI_MANIFEST,
      );
      // a writer that walked nothing copies what the head manifest holds (one record more each time);
      // one that walked first copies the 15 newest at once, old records' blobs included
      for (const r of all.slice(20, 30)) await fresh(repository).append(r);
      const walked = fresh(repository);
      expect(await walked.history()).toEqual(all.slice(0, 30));
      for (const r of all.slice(30)) await walked.append(r);
      const head = JSON.parse(
        (await client.getManifest(repository, ledgerTag("prod"))).bytes.toString("utf8"),
      );
      expect(head.layers).toHaveLength(perManifest);

      reads();
      expect(await fresh(repository).history()).toEqual(all);
      // 50 records: the tag's manifest has 16, the one of record 34 has 16 (back to 19, before the
      // copies), then 18 manifests by digest of one record each (10 of them with a blob)
      expect(reads()).toEqual({ manifests: 1 + 18, blobs: 10 });
      expect(await oneByOne(repository)).toEqual(all);
    });

    it("appendAll of 3 records chains the copies within the batch", async () => {
      const repository = uniqueRepo("ledger-copies-all");
      const ledger = fresh(repository);
      const first = [record(1, "promoted"), record(2, "promoted")];
      const firstIds = await ledger.appendAll(first);
      const batch = [record(3, "rolled-back"), record(4, "promoted"), record(5, "failed")];
      const ids = await fresh(repository).appendAll(batch);
      const copies = async (id: string) =>
        (
          JSON.parse((await newClient().getManifest(repository, id)).bytes.toString("utf8"))
            .layers as Descriptor[]
        )
          .slice(1)
          .map((l) => [l.annotations?.[RECORD_ANNOTATION], l.annotations?.[PREVIOUS_ANNOTATION]]);
      const [a, b, c] = ids as [string, string, string];
      const [one, two] = firstIds as [string, string];
      expect(await copies(c)).toEqual([
        [b, a],
        [a, two],
        [two, one],
        [one, undefined],
      ]);
      expect(await copies(a)).toEqual([
        [two, one],
        [one, undefined],
      ]);
      reads();
      expect(await fresh(repository).history()).toEqual([...first, ...batch]);
      expect(reads()).toEqual({ manifests: 0, blobs: 0 });
    });

    describe("a copy that is not what the chain says is refused", () => {
      let repository: string;
      let head: { layers: Descriptor[]; annotations: Record<string, string> };
      let ids: string[];
      beforeAll(async () => {
        repository = uniqueRepo("ledger-copies-forged");
        ids = [];
        for (const n of [1, 2, 3, 4]) ids.push(await fresh(repository).append(record(n, "promoted")));
        head = JSON.parse(
          (await newClient().getManifest(repository, ledgerTag("prod"))).bytes.toString("utf8"),
        );
        expect(head.layers.map((l) => l.annotations?.[RECORD_ANNOTATION])).toEqual([
          undefined,
          ids[2],
          ids[1],
          ids[0],
        ]);
      });
      const forged = Buffer.from(
        JSON.stringify({ ...record(3, "promoted"), digest: `sha256:${"e".repeat(64)}` }),
      );

      it.each<{ name: string; forge: (m: typeof head) => void; error: RegExp }>([
        {
          name: "a copy's bytes changed, its digest kept",
          forge: (m) => {
            (m.layers[1] as Descriptor).data = forged.toString("base64");
          },
          error: /its copy of record sha256:\w+: embedded record does not match the layer/,
        },
        {
          name: "a copy's bytes changed, digest and size kept",
          forge: (m) => {
            const l = m.layers[1] as Descriptor;
            const bytes = Buffer.from(l.data as string, "base64");
            bytes[bytes.length - 2] = "x".charCodeAt(0);
            l.data = bytes.toString("base64");
          },
          error: /embedded record does not match the layer/,
        },
        {
          name: "the first copy names another record than the manifest's previous",
          forge: (m) => {
            m.annotations[PREVIOUS_ANNOTATION] = ids[1] as string;
          },
          error: /its copy of record sha256:\w+ stands where the chain names/,
        },
        {
          name: "a copy names another record than the one before names",
          forge: (m) => {
            (m.layers[2] as Descriptor).annotations = {
              [RECORD_ANNOTATION]: ids[0] as string,
            };
          },
          error: /stands where the chain names/,
        },
        {
          name: "two copies swapped",
          forge: (m) => {
            m.layers = [m.layers[0], m.layers[2], m.layers[1], m.layers[3]] as Descriptor[];
          },
          error: /stands where the chain names/,
        },
        {
          name: "a copy without its bytes",
          forge: (m) => {
            delete (m.layers[3] as Descriptor).data;
          },
          error: /embedded record is missing/,
        },
      ])("$name", async ({ forge, error }) => {
        const manifest = structuredClone(head);
        forge(manifest);
        await newClient().putManifest(
          repository,
          ledgerTag("prod"),
          Buffer.from(JSON.stringify(manifest)),
          OCI_MANIFEST,
        );
        await expect(fresh(repository).history()).rejects.toThrow(error);
      });

      it("a copy that disagrees with a record this process read before is refused", async () => {
        // the process knows record 3 from its own manifest; the head's copy of it names another previous
        const ledger = fresh(repository);
        await newClient().putManifest(
          repository,
          ledgerTag("prod"),
          (await newClient().getManifest(repository, ids[2] as string)).bytes,
          OCI_MANIFEST,
        );
        expect(await ledger.history()).toHaveLength(3);
        const manifest = structuredClone(head);
        manifest.layers = manifest.layers.slice(0, 2);
        (manifest.layers[1] as Descriptor).annotations = {
          [RECORD_ANNOTATION]: ids[2] as string,
          [PREVIOUS_ANNOTATION]: ids[0] as string,
        };
        await newClient().putManifest(
          repository,
          ledgerTag("prod"),
          Buffer.from(JSON.stringify(manifest)),
          OCI_MANIFEST,
        );
        await expect(ledger.history()).rejects.toThrow(/its copy of record sha256:\w+ disagrees/);
      });
    });
  });
});
