// Keyless signing against a Sigstore double (test/support/sigstore-double.ts): the public Sigstore
// services (and GitHub's instance) cannot be reached from here, and a real OIDC token cannot be minted
// outside a GitHub Actions job.
import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config";
import { INPUTS, type InputName } from "../../src/inputs";
import { MemoryLogger } from "../../src/log";
import { attachAttestation } from "../../src/provenance/attach";
import type { SerializedBundle } from "../../src/provenance/dsse";
import { evaluatePolicy, type Policy } from "../../src/provenance/policy";
import { bundleStatement, checkBundleSignature } from "../../src/provenance/signature";
import { KeylessSigner, SIGSTORE_ENDPOINTS } from "../../src/provenance/signers/keyless";
import { buildProvenance, SLSA_PROVENANCE_V1 } from "../../src/provenance/statement";
import type { TrustSettings } from "../../src/provenance/trust/choice";
import { verifyDigest } from "../../src/provenance/verify";
import { runCommand } from "../../src/run";
import { pushTinyImage, stackRegistries } from "../fixtures/provenance/tiny-image";
import { GITHUB_ENVS, githubSource, IMAGE_DIGEST } from "../support/github-context";
import {
  githubTokenDouble,
  GITHUB_OIDC_ISSUER as ISSUER,
  type SigstoreDouble,
  startSigstoreDouble,
  type TrustedRootJson,
  wholeSecond,
} from "../support/sigstore-double";
import { loadStack, uniqueRepo } from "../support/stack";

const WORKFLOW = "octo-org/shop/.github/workflows/release.yml@refs/tags/v1.4.0";
const githubToken = () =>
  githubTokenDouble({
    repository: "octo-org/shop",
    workflow: ".github/workflows/release.yml",
    ref: "refs/tags/v1.4.0",
    sha: GITHUB_ENVS.tag.GITHUB_SHA,
  });
const trustIn = (root: TrustedRootJson): TrustSettings => ({
  instance: "auto",
  trustedRoot: { path: "trusted_root.json", roots: [root] },
});

describe("KeylessSigner with a Sigstore double", () => {
  let sigstore: SigstoreDouble;
  let base = "";
  let trustedRoot: TrustedRootJson;
  const statement = buildProvenance(
    { name: "127.0.0.1:5000/shop", digest: IMAGE_DIGEST },
    githubSource(GITHUB_ENVS.tag),
  );

  beforeAll(async () => {
    sigstore = await startSigstoreDouble();
    base = sigstore.url;
    trustedRoot = sigstore.trustedRoot;
  });
  afterAll(() => sigstore.close());

  const policy = (extra: Partial<Policy> = {}): Policy => ({
    requireTestResults: false,
    certificateIdentity: `https://github.com/${WORKFLOW}`,
    certificateOidcIssuer: ISSUER,
    sourceRepository: "https://github.com/octo-org/shop",
    sourceRef: "refs/tags/v.*",
    trust: trustIn(trustedRoot),
    ...extra,
  });

  it("chooses actions/attest's URLs per instance", () => {
    expect(new KeylessSigner({ instance: "public-good", identityToken: "t" }).endpoints).toEqual(
      SIGSTORE_ENDPOINTS["public-good"],
    );
    expect(new KeylessSigner({ instance: "github", identityToken: "t" }).endpoints).toEqual({
      fulcioUrl: "https://fulcio.githubapp.com",
      tsaUrl: "https://timestamp.githubapp.com/api/v1/timestamp",
    });
  });

  it("public-good: Fulcio certificate + Rekor entry, verified against the mock's trust root", async () => {
    const signer = new KeylessSigner({
      instance: "public-good",
      identityToken: githubToken(),
      endpoints: { fulcioUrl: base, rekorUrl: base },
    });
    const bundle = await signer.sign(statement);
    expect(bundle.mediaType).toBe("application/vnd.dev.sigstore.bundle.v0.3+json");
    expect(bundle.verificationMaterial.certificate?.rawBytes).toBeTruthy();
    expect(bundle.verificationMaterial.tlogEntries).toHaveLength(1);
    expect(bundleStatement(bundle)).toEqual(statement);

    const outcome = await checkBundleSignature(bundle, policy());
    expect(outcome).toEqual({
      valid: true,
      signer: "certificate",
      identity: {
        subjectAlternativeName: `https://github.com/${WORKFLOW}`,
        issuer: ISSUER,
        sourceRepositoryUri: "https://github.com/octo-org/shop",
        sourceRepositoryRef: "refs/tags/v1.4.0",
      },
      trust: "the trusted root in trusted_root.json (input trusted-root)",
    });
    const decision = evaluatePolicy(IMAGE_DIGEST, policy(), [
      { source: "mock", signature: outcome, statement },
    ]);
    expect(decision.checks.filter((c) => !c.passed)).toEqual([]);
    expect(decision.verified).toBe(true);

    const other = evaluatePolicy(IMAGE_DIGEST, policy({ certificateIdentity: "https://github.com/evil/x" }), [
      { source: "mock", signature: outcome, statement },
    ]);
    expect(other.checks.find((c) => !c.passed)?.detail).toMatch(
      /certificate identity is https:\/\/github.com\/octo-org/,
    );

    const tampered: SerializedBundle = {
      ...bundle,
      dsseEnvelope: { ...bundle.dsseEnvelope, payload: Buffer.from('{"_type":"x"}').toString("base64") },
    };
    expect(await checkBundleSignature(tampered, policy())).toMatchObject({
      valid: false,
      detail: expect.stringMatching(/^payload modified after signing/),
    });
  });

  it("github instance: Fulcio certificate + RFC 3161 timestamp, no Rekor", async () => {
    const signer = new KeylessSigner({
      instance: "github",
      identityToken: async () => githubToken(),
      endpoints: { fulcioUrl: base, tsaUrl: `${base}/api/v1/timestamp` },
    });
    const bundle = await signer.sign(statement);
    expect(bundle.verificationMaterial.tlogEntries ?? []).toEqual([]);
    expect(bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(1);
    const root = { ...trustedRoot, tlogs: [] };
    expect(await checkBundleSignature(bundle, policy({ trust: trustIn(root) }))).toMatchObject({
      valid: true,
    });
    // Without the TSA in the trust root, the timestamp (and so the signature) cannot be trusted.
    const noTsa = { ...root, timestampAuthorities: [] };
    expect(await checkBundleSignature(bundle, policy({ trust: trustIn(noTsa) }))).toMatchObject({
      valid: false,
      detail: expect.stringMatching(/timestamp/),
    });
  });

  it("refuses a certificate from a Fulcio it has no trust material for, saying what to set", async () => {
    const signer = new KeylessSigner({
      instance: "public-good",
      identityToken: githubToken(),
      endpoints: { fulcioUrl: base, rekorUrl: base },
    });
    const bundle = await signer.sign(statement);
    expect(await checkBundleSignature(bundle, policy({ trust: { instance: "auto" } }))).toEqual({
      valid: false,
      detail:
        "no Sigstore trust material: the certificate was issued by 'CN=sigstore, O=sigstore.mock', which is neither public-good Sigstore's Fulcio (O=sigstore.dev) nor GitHub's (O=GitHub, Inc.): set 'trusted-root' to that instance's trusted_root.json",
    });
  });

  // The flake this test file once had, reproduced on purpose (see wholeSecond in sigstore-double.ts):
  // a timestamp stamped at .120 s carries genTime "….12Z", which @sigstore/core 4.0.1 cannot read.
  // When this starts to verify, @sigstore/core reads such times and the double may stamp at any millisecond.
  it("a TSA timestamp with a fraction of fewer than three digits does not verify: why the double stamps whole seconds", async () => {
    const at120ms = await startSigstoreDouble({
      tsaClock: (now) => new Date(wholeSecond(now).getTime() + 120),
    });
    try {
      const signer = new KeylessSigner({
        instance: "github",
        identityToken: githubToken(),
        endpoints: { fulcioUrl: at120ms.url, tsaUrl: `${at120ms.url}/api/v1/timestamp` },
      });
      const bundle = await signer.sign(statement);
      const root = { ...at120ms.trustedRoot, tlogs: [] };
      expect(await checkBundleSignature(bundle, policy({ trust: trustIn(root) }))).toMatchObject({
        valid: false,
        detail: expect.stringMatching(/invalid time/),
      });
    } finally {
      await at120ms.close();
    }
  });

  it("attaches a keyless bundle to an image and verifies it from the registry", async () => {
    const [, olareg] = stackRegistries(loadStack());
    if (!olareg) throw new Error("the stack has no referrers registry");
    const repo = uniqueRepo("keyless");
    const digest = await pushTinyImage(olareg.client, repo);
    const signer = new KeylessSigner({
      instance: "public-good",
      identityToken: githubToken(),
      endpoints: { fulcioUrl: base, rekorUrl: base },
    });
    const signed = await signer.sign(
      buildProvenance({ name: `${olareg.registry}/${repo}`, digest }, githubSource(GITHUB_ENVS.tag)),
    );
    await attachAttestation(olareg.client, repo, digest, signed, SLSA_PROVENANCE_V1);

    const verified = await verifyDigest(olareg.client, repo, digest, policy());
    expect(verified.checks.filter((c) => !c.passed)).toEqual([]);
    expect(verified.checks.map((c) => c.name)).toEqual([
      "signature",
      "signer identity",
      "predicate type",
      "subject digest",
      "source repository",
      "source ref",
    ]);
    expect(verified.verified).toBe(true);

    const refused = await verifyDigest(
      olareg.client,
      repo,
      digest,
      policy({ sourceRepository: "octo-org/payments" }),
    );
    expect(refused.verified).toBe(false);
    expect(refused.checks.find((c) => !c.passed)?.detail).toBe(
      "source repository https://github.com/octo-org/shop (the statement) and https://github.com/octo-org/shop (the certificate) does not match octo-org/payments",
    );
  });

  it("command verify with the trusted-root input: verified, and the report names the trust material", async () => {
    const [, olareg] = stackRegistries(loadStack());
    if (!olareg) throw new Error("the stack has no referrers registry");
    const repo = uniqueRepo("keyless-cmd");
    const digest = await pushTinyImage(olareg.client, repo);
    const signer = new KeylessSigner({
      instance: "public-good",
      identityToken: githubToken(),
      endpoints: { fulcioUrl: base, rekorUrl: base },
    });
    const signed = await signer.sign(
      buildProvenance({ name: `${olareg.registry}/${repo}`, digest }, githubSource(GITHUB_ENVS.tag)),
    );
    await attachAttestation(olareg.client, repo, digest, signed, SLSA_PROVENANCE_V1);
    const workdir = await mkdtemp(join(tmpdir(), "greenlight-trust-"));
    await writeFile(join(workdir, "trusted_root.json"), JSON.stringify(trustedRoot));
    const inputs: Partial<Record<InputName, string>> = {
      command: "verify",
      image: `${olareg.registry}/${repo}@${digest}`,
      "trusted-root": "trusted_root.json",
      "certificate-identity": `https://github.com/${WORKFLOW}`,
      "source-repository": "octo-org/shop",
    };
    const get = (name: InputName) => inputs[name] ?? (INPUTS[name] as { default?: string }).default ?? "";
    const env = { GITHUB_WORKSPACE: workdir, HOME: workdir };
    const config = parseConfig(get, env, (path) => readFileSync(path, "utf8"));
    const log = new MemoryLogger();
    const result = await runCommand(config, {
      log,
      env,
      tempDir: workdir,
      actor: "test",
      runUrl: undefined,
      now: () => new Date(),
    });
    expect(result.outputs.verified).toBe("true");
    const trust = "verified against the trusted root in trusted_root.json (input trusted-root)";
    expect(result.report.facts).toContainEqual(["signature", expect.stringContaining(trust)]);
    expect(log.lines).toContainEqual(
      expect.stringMatching(new RegExp(`^ok {3}signature: .*${trust.replace(/[()]/g, "\\$&")}`)),
    );
  });

  it("says what to do when Fulcio refuses", async () => {
    const signer = new KeylessSigner({
      instance: "public-good",
      identityToken: "not-a-jwt",
      endpoints: { fulcioUrl: base },
      retries: 0,
    });
    await expect(signer.sign(statement)).rejects.toThrow(
      /keyless signing failed \(Fulcio http:\/\/127.0.0.1/,
    );
  });
});
