import { describe, expect, it } from "vitest";
import { attachAttestation, fetchAttestations } from "../../src/provenance/attach";
import type { SerializedBundle } from "../../src/provenance/dsse";
import type { Policy } from "../../src/provenance/policy";
import { generateKeyPair, KeySigner } from "../../src/provenance/signers";
import {
  buildProvenance,
  buildTestResultStatement,
  SLSA_PROVENANCE_V1,
  TEST_RESULT_V01,
} from "../../src/provenance/statement";
import { verifyDigest } from "../../src/provenance/verify";
import type { RegistryClient } from "../../src/registry/client";
import { listReferrers } from "../../src/registry/referrers";
import { pushTinyImage, stackRegistries } from "../fixtures/provenance/tiny-image";
import { GITHUB_ENVS, githubSource } from "../support/github-context";
import { loadStack, uniqueRepo } from "../support/stack";

const ctx = githubSource(GITHUB_ENVS.tag);
const keys = generateKeyPair();
const signer = new KeySigner(keys.privateKeyPem);
const policy: Policy = {
  publicKeyPem: keys.publicKeyPem,
  sourceRepository: "octo-org/shop",
  sourceRef: "refs/tags/v.*",
  requireTestResults: false,
};
const gate = (passed: boolean) => ({
  name: "smoke",
  kind: "command" as const,
  passed,
  detail: "",
  durationMs: 5,
});

/** What a verify could have changed: the repository's tags and the digest's referrers. */
async function registryState(client: RegistryClient, repo: string, digest: string) {
  return {
    tags: (await client.listTags(repo)).sort(),
    referrers: (await listReferrers(client, repo, digest)).referrers,
  };
}

const firstFailure = (result: { checks: { passed: boolean; detail: string }[] }) =>
  result.checks.find((c) => !c.passed)?.detail;

describe.each(stackRegistries(loadStack()))("key-signed provenance on $name", ({ registry, client }) => {
  const repo = uniqueRepo("provenance");
  const sign = async (digest: string) =>
    signer.sign(buildProvenance({ name: `${registry}/${repo}`, digest }, ctx));

  it("signs, attaches and verifies; test results are bound to the same digest", async () => {
    const digest = await pushTinyImage(client, repo, "v1");
    const attached = await attachAttestation(client, repo, digest, await sign(digest), SLSA_PROVENANCE_V1);
    expect(attached.mode).toBe(registry === loadStack().referrersRegistry ? "referrers-api" : "tag-schema");

    const found = await fetchAttestations(client, repo, digest);
    expect(found.attestations.map((a) => [a.source, a.predicateType])).toEqual([
      [attached.digest, SLSA_PROVENANCE_V1],
    ]);
    const manifest = JSON.parse((await client.getManifest(repo, attached.digest)).bytes.toString("utf8"));
    expect(manifest).toMatchObject({
      artifactType: "application/vnd.dev.sigstore.bundle.v0.3+json",
      config: { mediaType: "application/vnd.oci.empty.v1+json", size: 2 },
      layers: [{ mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json" }],
      subject: { digest },
      annotations: {
        "dev.sigstore.bundle.content": "dsse-envelope",
        "dev.sigstore.bundle.predicateType": SLSA_PROVENANCE_V1,
        "org.opencontainers.image.created": expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      },
    });

    const verified = await verifyDigest(client, repo, digest, policy);
    expect(verified.checks.filter((c) => !c.passed)).toEqual([]);
    expect(verified.checks.map((c) => c.name)).toEqual([
      "signature",
      "predicate type",
      "subject digest",
      "source repository",
      "source ref",
    ]);
    expect(verified.verified).toBe(true);
    expect(verified.statements).toHaveLength(1);

    const withTests = { ...policy, requireTestResults: true };
    expect((await verifyDigest(client, repo, digest, withTests)).verified).toBe(false);
    const tests = await signer.sign(
      buildTestResultStatement({ name: `${registry}/${repo}`, digest }, [gate(true)], ctx),
    );
    await attachAttestation(client, repo, digest, tests, TEST_RESULT_V01);
    const both = await verifyDigest(client, repo, digest, withTests);
    expect(both.checks.at(-1)).toMatchObject({ name: "test results", passed: true });
    expect(both.verified).toBe(true);
  });

  it("refuses a digest with no attestation, and changes nothing", async () => {
    const digest = await pushTinyImage(client, repo, "bare");
    const before = await registryState(client, repo, digest);
    const result = await verifyDigest(client, repo, digest, policy);
    expect(result.verified).toBe(false);
    expect(firstFailure(result)).toMatch(/^no attestation is attached to sha256:/);
    expect(await registryState(client, repo, digest)).toEqual(before);
  });

  it("refuses a signature by another key", async () => {
    const digest = await pushTinyImage(client, repo, "other-key");
    const other = new KeySigner(generateKeyPair().privateKeyPem);
    await attachAttestation(
      client,
      repo,
      digest,
      await other.sign(buildProvenance({ name: repo, digest }, ctx)),
      SLSA_PROVENANCE_V1,
    );
    const before = await registryState(client, repo, digest);
    const result = await verifyDigest(client, repo, digest, policy);
    expect(result.verified).toBe(false);
    expect(firstFailure(result)).toMatch(/^signature by another key/);
    expect(await registryState(client, repo, digest)).toEqual(before);
  });

  it("refuses a payload modified after signing", async () => {
    const digest = await pushTinyImage(client, repo, "modified");
    const bundle = await sign(digest);
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, "base64").toString("utf8"));
    statement.predicate.buildDefinition.resolvedDependencies[0].digest.gitCommit = "0".repeat(40);
    const modified: SerializedBundle = {
      ...bundle,
      dsseEnvelope: {
        ...bundle.dsseEnvelope,
        payload: Buffer.from(JSON.stringify(statement)).toString("base64"),
      },
    };
    await attachAttestation(client, repo, digest, modified, SLSA_PROVENANCE_V1);
    const result = await verifyDigest(client, repo, digest, policy);
    expect(result.verified).toBe(false);
    expect(firstFailure(result)).toMatch(/^payload modified after signing/);
  });

  it("refuses an attestation whose subject is another image", async () => {
    const digest = await pushTinyImage(client, repo, "victim");
    const otherDigest = await pushTinyImage(client, repo, "signed");
    await attachAttestation(client, repo, digest, await sign(otherDigest), SLSA_PROVENANCE_V1);
    const result = await verifyDigest(client, repo, digest, policy);
    expect(result.verified).toBe(false);
    expect(firstFailure(result)).toBe(
      `the attestation is about another image (${registry}/${repo}@${otherDigest}), not ${digest}`,
    );
  });

  it("refuses the wrong predicate type", async () => {
    const digest = await pushTinyImage(client, repo, "tests-only");
    const tests = await signer.sign(buildTestResultStatement({ name: repo, digest }, [gate(true)], ctx));
    await attachAttestation(client, repo, digest, tests, TEST_RESULT_V01);
    const result = await verifyDigest(client, repo, digest, policy);
    expect(firstFailure(result)).toBe(
      `wrong predicate type: the attestation is ${TEST_RESULT_V01}, the policy requires ${SLSA_PROVENANCE_V1}`,
    );
  });

  it("refuses a source repository or ref the policy does not allow", async () => {
    const digest = await pushTinyImage(client, repo, "source");
    await attachAttestation(client, repo, digest, await sign(digest), SLSA_PROVENANCE_V1);
    const wrongRepo = await verifyDigest(client, repo, digest, {
      ...policy,
      sourceRepository: "octo-org/payments",
    });
    expect(firstFailure(wrongRepo)).toBe(
      "source repository https://github.com/octo-org/shop (the statement) does not match octo-org/payments",
    );
    const wrongRef = await verifyDigest(client, repo, digest, { ...policy, sourceRef: "refs/heads/main" });
    expect(firstFailure(wrongRef)).toBe(
      "source ref refs/tags/v1.4.0 (the statement) does not match /refs/heads/main/",
    );
  });
});
