// cosign (the stack's pinned v3.1.3) reads greenlight's key-mode attestations: the same referrer
// shape (bundle v0.3 as an OCI artifact) that GitHub and cosign write, found through the referrers
// API (olareg) or the referrers tag schema (distribution).
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exec } from "../../src/exec";
import { attachAttestation, fetchAttestations } from "../../src/provenance/attach";
import { generateKeyPair, KeySigner, keyHint } from "../../src/provenance/signers";
import { buildProvenance, SLSA_PROVENANCE_V1 } from "../../src/provenance/statement";
import { verifyDigest } from "../../src/provenance/verify";
import { pushTinyImage, stackRegistries } from "../fixtures/provenance/tiny-image";
import { GITHUB_ENVS, githubSource } from "../support/github-context";
import { loadStack, loggedInDockerConfig, uniqueRepo } from "../support/stack";

const stack = loadStack();
const keys = generateKeyPair();
let dir = "";

beforeAll(async () => {
  dir = await loggedInDockerConfig(stack);
  await writeFile(join(dir, "pub.pem"), keys.publicKeyPem);
  await writeFile(join(dir, "other.pem"), generateKeyPair().publicKeyPem);
  // An empty trusted root: a key-signed bundle needs no Fulcio, Rekor or TSA, and without
  // --trusted-root cosign fetches the public-good root through TUF, which cannot be reached here.
  await writeFile(
    join(dir, "trusted_root.json"),
    JSON.stringify({ mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1" }),
  );
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function cosignVerify(image: string, key: string) {
  return exec(
    stack.cosign,
    [
      "verify-attestation",
      "--key",
      join(dir, key),
      "--new-bundle-format",
      "--insecure-ignore-tlog=true",
      "--trusted-root",
      join(dir, "trusted_root.json"),
      "--allow-http-registry",
      "--allow-insecure-registry",
      "--type",
      SLSA_PROVENANCE_V1,
      image,
    ],
    { env: { DOCKER_CONFIG: dir, TUF_ROOT: join(dir, "tuf") }, allowFailure: true, timeoutMs: 60_000 },
  );
}

describe.each(stackRegistries(stack))(
  "cosign and greenlight attestations on $name",
  ({ registry, client }) => {
    const repo = uniqueRepo("cosign");
    let image = "";
    let statement = {};

    beforeAll(async () => {
      const digest = await pushTinyImage(client, repo);
      image = `${registry}/${repo}@${digest}`;
      const built = buildProvenance({ name: `${registry}/${repo}`, digest }, githubSource(GITHUB_ENVS.tag));
      statement = built;
      const bundle = await new KeySigner(keys.privateKeyPem).sign(built);
      await attachAttestation(client, repo, digest, bundle, SLSA_PROVENANCE_V1);
    });

    it("accepts greenlight's attestation with greenlight's public key", async () => {
      const result = await cosignVerify(image, "pub.pem");
      expect(result.stderr + result.stdout).not.toMatch(/error/i);
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toContain("The signatures were verified against the specified public key");
      const envelope = JSON.parse(result.stdout.trim().split("\n")[0] ?? "{}");
      expect(JSON.parse(Buffer.from(envelope.payload, "base64").toString("utf8"))).toEqual(statement);
    });

    it("greenlight verifies an attestation cosign made with its own key", async () => {
      const digest = await pushTinyImage(client, repo, "by-cosign");
      const target = `${registry}/${repo}@${digest}`;
      const predicate = buildProvenance(
        { name: `${registry}/${repo}`, digest },
        githubSource(GITHUB_ENVS.tag),
      );
      await writeFile(join(dir, "predicate.json"), JSON.stringify(predicate.predicate));
      const env = { DOCKER_CONFIG: dir, TUF_ROOT: join(dir, "tuf"), COSIGN_PASSWORD: "" };
      const keyDir = await mkdtemp(join(dir, "cosign-key-"));
      await exec(stack.cosign, ["generate-key-pair"], { cwd: keyDir, env, timeoutMs: 60_000 });
      const attest = await exec(
        stack.cosign,
        [
          "attest",
          "--key",
          join(keyDir, "cosign.key"),
          "--predicate",
          join(dir, "predicate.json"),
          "--type",
          SLSA_PROVENANCE_V1,
          "--new-bundle-format",
          "--use-signing-config=false",
          "--tlog-upload=false",
          "--trusted-root",
          join(dir, "trusted_root.json"),
          "--allow-http-registry",
          "--yes",
          target,
        ],
        { env, allowFailure: true, timeoutMs: 60_000 },
      );
      expect(attest.stderr).not.toMatch(/^Error/m);
      expect(attest.exitCode).toBe(0);

      const publicKeyPem = await readFile(join(keyDir, "cosign.pub"), "utf8");
      const [byCosign] = (await fetchAttestations(client, repo, digest)).attestations;
      // cosign writes the same hint greenlight does: base64 of sha256 over the SPKI DER.
      expect(byCosign?.predicateType).toBe(SLSA_PROVENANCE_V1);
      expect(byCosign?.bundle?.verificationMaterial.publicKey).toEqual({ hint: keyHint(publicKeyPem) });
      const result = await verifyDigest(client, repo, digest, { publicKeyPem, requireTestResults: false });
      expect(result.checks.filter((c) => !c.passed)).toEqual([]);
      expect(result.verified).toBe(true);
      const refused = await verifyDigest(client, repo, digest, {
        publicKeyPem: keys.publicKeyPem,
        requireTestResults: false,
      });
      expect(refused.checks[0]?.detail).toMatch(/^signature by another key/);
    });

    it("rejects it with another key", async () => {
      const result = await cosignVerify(image, "other.pem");
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toMatch(/no matching attestations: failed to verify signature/);
    });
  },
);
