// Keyless bundles an attacker can build, checked against a Sigstore double (see test/support/sigstore-double.ts):
// the identity must come from the certificate the signature was verified with, the bundle must be v0.3
// with one certificate, and only a DSSE in-toto Statement v1 counts as a statement.
import { generateKeyPairSync } from "node:crypto";
import { bundleToJSON } from "@sigstore/bundle";
import { DSSEBundleBuilder, FulcioSigner, RekorWitness } from "@sigstore/sign";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SerializedBundle } from "../../src/provenance/dsse";
import { evaluatePolicy, type Policy } from "../../src/provenance/policy";
import { bundleEvidence } from "../../src/provenance/signature";
import { KeylessSigner } from "../../src/provenance/signers/keyless";
import { buildProvenance, type Statement } from "../../src/provenance/statement";
import { GITHUB_ENVS, githubSource, IMAGE_DIGEST } from "../support/github-context";
import {
  GITHUB_OIDC_ISSUER,
  githubTokenDouble,
  type SigstoreDouble,
  startSigstoreDouble,
  type WorkflowIdentity,
  workflowUri,
} from "../support/sigstore-double";

const VICTIM: WorkflowIdentity = {
  repository: "octo-org/shop",
  workflow: ".github/workflows/release.yml",
  ref: "refs/tags/v1.4.0",
};
const ATTACKER: WorkflowIdentity = {
  repository: "mallory/tools",
  workflow: ".github/workflows/release.yml",
  ref: "refs/heads/main",
};
const V02 = "application/vnd.dev.sigstore.bundle+json;version=0.2";
const V01 = "application/vnd.dev.sigstore.bundle+json;version=0.1";

/** The statement the attacker wants deployed: it claims the victim's repository and the victim's digest. */
const claimsVictim = buildProvenance(
  { name: "ghcr.io/octo-org/shop", digest: IMAGE_DIGEST },
  githubSource(GITHUB_ENVS.tag),
);

describe("keyless identity comes from the verified certificate", () => {
  let sigstore: SigstoreDouble;
  beforeAll(async () => {
    sigstore = await startSigstoreDouble();
  });
  afterAll(() => sigstore.close());

  const policy = (): Policy => ({
    requireTestResults: false,
    certificateIdentity: workflowUri(VICTIM),
    certificateOidcIssuer: GITHUB_OIDC_ISSUER,
    sourceRepository: "https://github.com/octo-org/shop",
    sourceRef: "refs/tags/v.*",
    trust: { instance: "auto", trustedRoot: { path: "sigstore-double.json", roots: [sigstore.trustedRoot] } },
  });
  const signAs = (who: WorkflowIdentity, statement: Statement<unknown> = claimsVictim) =>
    new KeylessSigner({
      instance: "public-good",
      identityToken: githubTokenDouble(who),
      endpoints: { fulcioUrl: sigstore.url, rekorUrl: sigstore.url },
    }).sign(statement);

  /** What verifyDigest decides for one attached bundle. */
  async function decide(bundle: SerializedBundle) {
    const evidence = await bundleEvidence("sha256:referrer", bundle, policy());
    const decision = evaluatePolicy(IMAGE_DIGEST, policy(), [evidence]);
    return { verified: decision.verified, refusal: decision.checks.find((c) => !c.passed)?.detail };
  }

  /** A certificate claiming the victim's workflow, from a CA nobody trusts (the attacker's own). */
  async function selfMadeVictimCertificate(): Promise<string> {
    const { initializeCA } = await import("@sigstore/mock");
    const forger = await initializeCA(generateKeyPairSync("ec", { namedCurve: "P-256" }));
    const key = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey;
    const der = await forger.issueCertificate({
      publicKey: key.export({ type: "spki", format: "der" }),
      subjectAltName: workflowUri(VICTIM),
      extensions: [
        { oid: "1.3.6.1.4.1.57264.1.8", value: GITHUB_OIDC_ISSUER },
        { oid: "1.3.6.1.4.1.57264.1.12", value: "https://github.com/octo-org/shop" },
        { oid: "1.3.6.1.4.1.57264.1.14", value: VICTIM.ref },
      ],
    });
    return Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString("base64");
  }

  it("accepts the victim's own bundle", async () => {
    expect(await decide(await signAs(VICTIM))).toEqual({ verified: true, refusal: undefined });
  });

  it("refuses the attacker's genuine bundle for the victim's policy, naming the attacker", async () => {
    const { verified, refusal } = await decide(await signAs(ATTACKER));
    expect(verified).toBe(false);
    expect(refusal).toContain(`certificate identity is ${workflowUri(ATTACKER)}`);
  });

  // The attacker's genuine Fulcio certificate (with its real Rekor entry) in x509CertificateChain, which
  // Sigstore's verifier checks the signature with, and a self-made certificate naming the victim in
  // `certificate`, which an identity check that reads `certificate` first would believe.
  it.each([
    ["v0.2, as the forgery needs", V02, /bundle media type .*version=0\.2.* only Sigstore bundle v0\.3/],
    [
      "relabelled v0.3",
      "application/vnd.dev.sigstore.bundle.v0.3+json",
      /both a certificate and a certificate chain/,
    ],
  ])(
    "refuses a bundle with the attacker's chain and a forged victim certificate (%s)",
    async (_, mediaType, why) => {
      const genuine = await signAs(ATTACKER);
      const attackerCertificate = genuine.verificationMaterial.certificate?.rawBytes ?? "";
      const forged = {
        ...genuine,
        mediaType,
        verificationMaterial: {
          ...genuine.verificationMaterial,
          x509CertificateChain: { certificates: [{ rawBytes: attackerCertificate }] },
          certificate: { rawBytes: await selfMadeVictimCertificate() },
        },
      } as SerializedBundle;
      const { verified, refusal } = await decide(forged);
      expect(verified).toBe(false);
      expect(refusal).toMatch(why);
    },
  );

  it.each([
    [V01, /bundle media type .*version=0\.1.* only Sigstore bundle v0\.3/],
    [V02, /bundle media type .*version=0\.2.* only Sigstore bundle v0\.3/],
  ])("refuses a victim bundle relabelled %s", async (mediaType, why) => {
    const bundle = { ...(await signAs(VICTIM)), mediaType };
    const { verified, refusal } = await decide(bundle);
    expect(verified).toBe(false);
    expect(refusal).toMatch(why);
  });

  it("refuses a signed DSSE envelope whose payloadType is not in-toto", async () => {
    const builder = new DSSEBundleBuilder({
      signer: new FulcioSigner({
        identityProvider: { getToken: async () => githubTokenDouble(VICTIM) },
        fulcioBaseURL: sigstore.url,
      }),
      witnesses: [new RekorWitness({ rekorBaseURL: sigstore.url, entryType: "dsse" })],
    });
    const signed = await builder.create({
      data: Buffer.from(JSON.stringify(claimsVictim)),
      type: "application/json",
    });
    const bundle = bundleToJSON(signed) as unknown as SerializedBundle;
    const { verified, refusal } = await decide(bundle);
    expect(verified).toBe(false);
    expect(refusal).toMatch(/payloadType application\/json.*application\/vnd\.in-toto\+json/);
  });

  it("refuses a signed in-toto payload whose _type is not an in-toto Statement", async () => {
    const link = {
      ...claimsVictim,
      _type: "link",
    } as unknown as Statement<unknown>;
    const { verified, refusal } = await decide(await signAs(VICTIM, link));
    expect(verified).toBe(false);
    expect(refusal).toMatch(
      /_type link is refused: only an in-toto Statement \(https:\/\/in-toto\.io\/Statement\/v1 or/,
    );
  });
});
