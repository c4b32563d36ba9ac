import { describe, expect, it } from "vitest";
import {
  type AttestationEvidence,
  checkPolicy,
  evaluatePolicy,
  type Policy,
} from "../../../src/provenance/policy";
import { buildProvenance, buildTestResultStatement, type Statement } from "../../../src/provenance/statement";
import { GITHUB_ENVS, githubSource, IMAGE_DIGEST, OTHER_DIGEST } from "../../support/github-context";

const ctx = githubSource(GITHUB_ENVS.tag);
const subject = { name: "localhost:5000/shop", digest: IMAGE_DIGEST };
const provenance = buildProvenance(subject, ctx);
const otherImage = buildProvenance({ ...subject, digest: OTHER_DIGEST }, ctx);
const gate = (passed: boolean) => ({
  name: "smoke",
  kind: "command" as const,
  passed,
  detail: "",
  durationMs: 1,
});
const passingTests = buildTestResultStatement(subject, [gate(true)], ctx);
const failingTests = buildTestResultStatement(subject, [gate(false)], ctx);

const byKey = (statement: Statement<unknown>, source = "sha256:att1"): AttestationEvidence => ({
  source,
  signature: { valid: true, signer: "key" },
  statement,
});
const byCert = (statement: Statement<unknown>, identity: Record<string, string>): AttestationEvidence => ({
  source: "sha256:att2",
  signature: {
    valid: true,
    signer: "certificate",
    identity,
    trust: "public-good Sigstore (TUF mirror https://tuf-repo-cdn.sigstore.dev)",
  },
  statement,
});
const badSignature = (detail: string): AttestationEvidence => ({
  source: "sha256:att3",
  signature: { valid: false, detail },
  statement: provenance,
});

const keyPolicy: Policy = { publicKeyPem: "PEM", requireTestResults: false };
const githubIdentity = {
  subjectAlternativeName: "https://github.com/octo-org/shop/.github/workflows/release.yml@refs/tags/v1.4.0",
  issuer: "https://token.actions.githubusercontent.com",
  sourceRepositoryUri: "https://github.com/octo-org/shop",
  sourceRepositoryRef: "refs/tags/v1.4.0",
};
const keylessPolicy: Policy = {
  requireTestResults: false,
  certificateIdentityRegexp: "https://github\\.com/octo-org/shop/\\.github/workflows/.*",
  certificateOidcIssuer: "https://token.actions.githubusercontent.com",
  sourceRepository: "octo-org/shop",
  sourceRef: "refs/tags/v.*",
};

const cases: {
  name: string;
  policy: Policy;
  evidence: AttestationEvidence[];
  verified: boolean;
  failed?: string;
  detail?: RegExp;
}[] = [
  { name: "key-signed provenance", policy: keyPolicy, evidence: [byKey(provenance)], verified: true },
  {
    name: "no attestation at all",
    policy: keyPolicy,
    evidence: [],
    verified: false,
    failed: "attestation",
    detail: /no attestation is attached to sha256:abab/,
  },
  {
    name: "payload modified after signing",
    policy: keyPolicy,
    evidence: [badSignature("payload modified after signing: x")],
    verified: false,
    failed: "signature",
    detail: /payload modified after signing/,
  },
  {
    name: "signature by another key",
    policy: keyPolicy,
    evidence: [badSignature("signature by another key: y")],
    verified: false,
    failed: "signature",
    detail: /another key/,
  },
  {
    name: "subject digest of another image",
    policy: keyPolicy,
    evidence: [byKey(otherImage)],
    verified: false,
    failed: "subject digest",
    detail: /about another image \(localhost:5000\/shop@sha256:cdcd.*\), not sha256:abab/,
  },
  {
    name: "wrong predicate type",
    policy: keyPolicy,
    evidence: [byKey(passingTests)],
    verified: false,
    failed: "predicate type",
    detail:
      /wrong predicate type: the attestation is https:\/\/in-toto.io\/attestation\/test-result\/v0.1, the policy requires https:\/\/slsa.dev\/provenance\/v1/,
  },
  {
    name: "source repository not matching",
    policy: { ...keyPolicy, sourceRepository: "https://github.com/octo-org/other" },
    evidence: [byKey(provenance)],
    verified: false,
    failed: "source repository",
    detail:
      /^source repository https:\/\/github.com\/octo-org\/shop \(the statement\) does not match https:\/\/github.com\/octo-org\/other$/,
  },
  {
    name: "source ref not matching (the pattern must match the whole ref)",
    policy: { ...keyPolicy, sourceRef: "refs/heads/main" },
    evidence: [byKey(provenance)],
    verified: false,
    failed: "source ref",
    detail: /^source ref refs\/tags\/v1.4.0 \(the statement\) does not match \/refs\/heads\/main\/$/,
  },
  {
    name: "owner/repo and a ref pattern",
    policy: { ...keyPolicy, sourceRepository: "octo-org/shop", sourceRef: "refs/tags/v1\\..*" },
    evidence: [byKey(provenance)],
    verified: true,
  },
  {
    name: "a good attestation next to a bad one",
    policy: keyPolicy,
    evidence: [badSignature("signature by another key: y"), byKey(otherImage), byKey(provenance)],
    verified: true,
  },
  {
    name: "test results required and passing",
    policy: { ...keyPolicy, requireTestResults: true },
    evidence: [byKey(provenance), byKey(passingTests, "sha256:tests")],
    verified: true,
  },
  {
    name: "test results required, with source repository and ref patterns",
    policy: {
      ...keyPolicy,
      requireTestResults: true,
      sourceRepository: "octo-org/shop",
      sourceRef: "refs/tags/.*",
    },
    evidence: [byKey(provenance), byKey(passingTests, "sha256:tests")],
    verified: true,
  },
  {
    name: "test results required and failing",
    policy: { ...keyPolicy, requireTestResults: true },
    evidence: [byKey(provenance), byKey(failingTests, "sha256:tests")],
    verified: false,
    failed: "test results",
    detail: /did not pass \(failed: smoke\)/,
  },
  {
    name: "test results required and missing",
    policy: { ...keyPolicy, requireTestResults: true },
    evidence: [byKey(provenance)],
    verified: false,
    failed: "test results",
    detail: /no signed test-result statement/,
  },
  {
    name: "test results on another image do not count",
    policy: { ...keyPolicy, requireTestResults: true },
    evidence: [
      byKey(provenance),
      byKey(buildTestResultStatement({ ...subject, digest: OTHER_DIGEST }, [gate(true)], ctx)),
    ],
    verified: false,
    failed: "test results",
  },
  {
    name: "keyless, identity and source match",
    policy: keylessPolicy,
    evidence: [byCert(provenance, githubIdentity)],
    verified: true,
  },
  {
    name: "keyless, certificate from another repository",
    policy: keylessPolicy,
    evidence: [
      byCert(provenance, { ...githubIdentity, sourceRepositoryUri: "https://github.com/evil/fork" }),
    ],
    verified: false,
    failed: "source repository",
    detail:
      /^source repository https:\/\/github.com\/evil\/fork \(the certificate\) does not match octo-org\/shop$/,
  },
  {
    name: "keyless, certificate ref is a branch",
    policy: keylessPolicy,
    evidence: [byCert(provenance, { ...githubIdentity, sourceRepositoryRef: "refs/heads/feature" })],
    verified: false,
    failed: "source ref",
    detail: /^source ref refs\/heads\/feature \(the certificate\) does not match/,
  },
  {
    name: "keyless, wrong issuer",
    policy: keylessPolicy,
    evidence: [byCert(provenance, { ...githubIdentity, issuer: "https://accounts.google.com" })],
    verified: false,
    failed: "signer identity",
    detail: /OIDC issuer is https:\/\/accounts.google.com/,
  },
  {
    name: "keyless, policy names no identity",
    policy: { requireTestResults: false },
    evidence: [byCert(provenance, githubIdentity)],
    verified: false,
    failed: "signer identity",
    detail: /any Sigstore signer would pass/,
  },
];

describe("evaluatePolicy", () => {
  it.each(cases)("$name", ({ policy, evidence, verified, failed, detail }) => {
    const decision = evaluatePolicy(IMAGE_DIGEST, policy, evidence);
    expect(decision.verified).toBe(verified);
    const failing = decision.checks.filter((c) => !c.passed);
    if (verified) {
      expect(failing).toEqual([]);
    } else {
      expect(failing[0]?.name).toBe(failed);
      if (detail) expect(failing[0]?.detail).toMatch(detail);
    }
  });

  it("returns only statements that are signed and about this digest", () => {
    const decision = evaluatePolicy(IMAGE_DIGEST, keyPolicy, [
      byKey(provenance),
      byKey(otherImage),
      badSignature("x"),
    ]);
    expect(decision.statements).toEqual([provenance]);
  });
});

describe("checkPolicy", () => {
  it.each([
    [{ sourceRef: "refs/(heads" }, /^input 'source-ref': 'refs\/\(heads' is not a regular expression/],
    [{ certificateIdentityRegexp: "[" }, /^input 'certificate-identity-regexp'/],
  ])("refuses %o", (extra, message) => {
    expect(() => checkPolicy({ ...keyPolicy, ...extra })).toThrow(message);
  });

  it("accepts a policy whose patterns compile", () => {
    expect(() => checkPolicy(keylessPolicy)).not.toThrow();
  });
});
