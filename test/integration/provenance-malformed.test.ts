// Anyone who can push to the repository can attach a referrer to a digest. One malformed referrer
// (a layer that is not JSON, a bundle without usable signatures, a statement whose subject is
// `[null]`) must be skipped with a warning, never abort
// the verification of the digest: otherwise it blocks every deploy and even a warm rollback to it.
// The malformed referrers are pushed with greenlight's own registry client to the stack's registries.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { attachAttestation } from "../../src/provenance/attach";
import type { Policy } from "../../src/provenance/policy";
import { generateKeyPair, KeySigner } from "../../src/provenance/signers";
import { buildProvenance, SLSA_PROVENANCE_V1 } from "../../src/provenance/statement";
import { verifyDigest } from "../../src/provenance/verify";
import type { RegistryClient } from "../../src/registry/client";
import { pushTinyImage, stackRegistries } from "../fixtures/provenance/tiny-image";
import { commandRunner } from "../support/command";
import { GITHUB_ENVS, githubSource } from "../support/github-context";
import { loadStack, uniqueRepo } from "../support/stack";

const ctx = githubSource(GITHUB_ENVS.tag);
const keys = generateKeyPair();
const signer = new KeySigner(keys.privateKeyPem);
const policy: Policy = {
  publicKeyPem: keys.publicKeyPem,
  sourceRepository: "octo-org/shop",
  requireTestResults: false,
};

/** Attaches, beside whatever else, one referrer of each malformed kind; returns the reason each is skipped for. */
async function attachMalformed(client: RegistryClient, repo: string, digest: string): Promise<RegExp[]> {
  const good = await signer.sign(buildProvenance({ name: repo, digest }, ctx));
  const nullSubject = buildProvenance({ name: repo, digest }, ctx) as unknown as { subject: unknown };
  nullSubject.subject = [null];
  const malformed: [string | object, RegExp][] = [
    ["{ this is not json", /not JSON/],
    ["null", /not a JSON object/],
    [{ ...good, dsseEnvelope: { ...good.dsseEnvelope, signatures: [] } }, /no signatures/],
    [{ ...good, dsseEnvelope: { ...good.dsseEnvelope, signatures: [{}] } }, /signature 0 has no 'sig'/],
    [{ ...good, dsseEnvelope: { ...good.dsseEnvelope, signatures: "AAAA" } }, /no signatures/],
    [await signer.sign(nullSubject as never), /subject 0 is not an object with a digest/],
  ];
  for (const [bundle, _] of malformed) {
    await attachAttestation(client, repo, digest, bundle as string, SLSA_PROVENANCE_V1);
  }
  return malformed.map(([, reason]) => reason);
}

describe.each(stackRegistries(loadStack()))("malformed referrers on $name", ({ client }) => {
  const repo = uniqueRepo("malformed");

  it("a good attestation beside malformed referrers verifies; each malformed one is skipped with its reason", async () => {
    const digest = await pushTinyImage(client, repo, "mixed");
    const reasons = await attachMalformed(client, repo, digest);
    const good = await signer.sign(buildProvenance({ name: repo, digest }, ctx));
    await attachAttestation(client, repo, digest, good, SLSA_PROVENANCE_V1);

    const result = await verifyDigest(client, repo, digest, policy);
    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.skipped).toHaveLength(reasons.length);
    for (const reason of reasons) {
      expect(result.skipped.map((s) => s.reason)).toContainEqual(expect.stringMatching(reason));
    }
    for (const s of result.skipped) expect(s.source).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("only malformed referrers: refused, saying each was malformed and why", async () => {
    const digest = await pushTinyImage(client, repo, "only-malformed");
    const reasons = await attachMalformed(client, repo, digest);

    const result = await verifyDigest(client, repo, digest, policy);
    expect(result.verified).toBe(false);
    const failed = result.checks.filter((c) => !c.passed);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.detail).toMatch(
      new RegExp(`^every attestation attached to ${digest} is malformed \\(${reasons.length} skipped\\): `),
    );
    for (const reason of reasons) expect(failed[0]?.detail).toMatch(reason);
  });
});

describe("the verify command", () => {
  const stack = loadStack();
  const client = stackRegistries(stack)[0]?.client as RegistryClient;
  const repo = uniqueRepo("malformed-command");
  let work = "";
  const { command } = commandRunner({ password: stack.password, tempDir: () => work });

  it("passes beside malformed referrers and warns about each, naming it and why", async () => {
    work = await mkdtemp(join(tmpdir(), "gl-malformed-"));
    await writeFile(join(work, "k.pub"), keys.publicKeyPem);
    const digest = await pushTinyImage(client, repo, "mixed");
    const reasons = await attachMalformed(client, repo, digest);
    await attachAttestation(
      client,
      repo,
      digest,
      await signer.sign(buildProvenance({ name: repo, digest }, ctx)),
      SLSA_PROVENANCE_V1,
    );
    const { result, log } = await command("verify", [
      ...["--image", `${stack.registry}/${repo}@${digest}`, "--username", stack.username],
      ...["--public-key-file", join(work, "k.pub")],
    ]);
    expect(result.outputs.verified).toBe("true");
    const warnings = log.lines.filter((l) =>
      /^warning: skipped a malformed attestation sha256:[0-9a-f]{64}: /.test(l),
    );
    expect(warnings).toHaveLength(reasons.length);
    for (const reason of reasons) expect(warnings).toContainEqual(expect.stringMatching(reason));
  });
});
