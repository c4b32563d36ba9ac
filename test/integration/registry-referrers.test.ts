// Referrers against both real registries of the stack: the distribution registry (no referrers
// API: the tag schema is used) and olareg (OCI 1.1 referrers API), cross-checked with crane.
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exec } from "../../src/exec";
import { MemoryLogger } from "../../src/log";
import {
  EMPTY_CONFIG,
  EMPTY_CONFIG_BYTES,
  OCI_EMPTY,
  OCI_INDEX,
  OCI_MANIFEST,
  RegistryClient,
} from "../../src/registry/client";
import { attachReferrer, listReferrers, referrersTag } from "../../src/registry/referrers";
import { loadStack, loggedInDockerConfig, uniqueRepo } from "../support/stack";

const stack = loadStack();
let configDir: string;

beforeAll(async () => {
  configDir = await loggedInDockerConfig(stack);
});
afterAll(() => rm(configDir, { recursive: true, force: true }));

const crane = async (args: string[]) =>
  (await exec(stack.crane, [...args, "--insecure"], { env: { DOCKER_CONFIG: configDir } })).stdout;

const BUNDLE = "application/vnd.dev.sigstore.bundle.v0.3+json";
const TESTS = "application/vnd.greenlight.test-result.v1+json";

describe.each([
  ["distribution (no referrers API)", () => stack.registry, true, "tag-schema"],
  ["olareg (referrers API)", () => stack.referrersRegistry, false, "referrers-api"],
] as const)("referrers on %s", (_name, registryOf, withAuth, expectedMode) => {
  it(`attaches two artifacts and lists them (${expectedMode})`, async () => {
    const registry = registryOf();
    const client = new RegistryClient({
      registry,
      ...(withAuth ? { credentials: { username: stack.username, password: stack.password } } : {}),
      log: new MemoryLogger(),
    });
    const repo = uniqueRepo("referrers");
    await client.pushBlob(repo, EMPTY_CONFIG_BYTES, OCI_EMPTY);
    const layer = await client.pushBlob(repo, randomBytes(64), "application/vnd.oci.image.layer.v1.tar");
    const image = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: EMPTY_CONFIG, layers: [layer] }),
    );
    const put = await client.putManifest(repo, "v1", image, OCI_MANIFEST);
    const subject = { mediaType: OCI_MANIFEST, digest: put.digest, size: image.length };

    const before = await listReferrers(client, repo, subject.digest);
    expect(before).toEqual({ mode: expectedMode, referrers: [] });

    const bundle = Buffer.from(JSON.stringify({ mediaType: BUNDLE, note: randomBytes(4).toString("hex") }));
    const first = await attachReferrer(client, repo, subject, {
      artifactType: BUNDLE,
      blob: bundle,
      blobMediaType: BUNDLE,
      annotations: {
        "dev.sigstore.bundle.content": "dsse-envelope",
        "dev.sigstore.bundle.predicateType": "https://slsa.dev/provenance/v1",
      },
    });
    const second = await attachReferrer(client, repo, subject, {
      artifactType: TESTS,
      blob: Buffer.from('{"passed":true}'),
      blobMediaType: "application/json",
      annotations: {},
    });
    expect(first.mode).toBe(expectedMode);
    expect(second.mode).toBe(expectedMode);

    const all = await listReferrers(client, repo, subject.digest);
    expect(all.mode).toBe(expectedMode);
    expect(all.referrers.map((d) => d.digest).sort()).toEqual([first.digest, second.digest].sort());
    const bundles = await listReferrers(client, repo, subject.digest, BUNDLE);
    expect(bundles.referrers).toHaveLength(1);
    expect(bundles.referrers[0]).toMatchObject({
      mediaType: OCI_MANIFEST,
      digest: first.digest,
      artifactType: BUNDLE,
      annotations: { "dev.sigstore.bundle.content": "dsse-envelope" },
    });

    // an independent client reads exactly what we pushed
    const ours = await client.getManifest(repo, first.digest);
    expect(await crane(["manifest", `${registry}/${repo}@${first.digest}`])).toBe(ours.bytes.toString());
    const manifest = JSON.parse(ours.bytes.toString());
    expect(manifest.subject).toEqual(subject);
    expect(manifest.artifactType).toBe(BUNDLE);
    expect(await crane(["blob", `${registry}/${repo}@${manifest.layers[0].digest}`])).toBe(bundle.toString());

    const tags = await client.listTags(repo);
    if (expectedMode === "tag-schema") {
      expect(tags).toContain(referrersTag(subject.digest));
      const index = JSON.parse(
        await crane(["manifest", `${registry}/${repo}:${referrersTag(subject.digest)}`]),
      );
      expect(index.mediaType).toBe(OCI_INDEX);
      expect(index.manifests.map((d: { digest: string }) => d.digest)).toEqual([first.digest, second.digest]);
    } else {
      expect(tags).toEqual(["v1"]); // no sha256-* tag pollution where the API exists
    }
  });
});
