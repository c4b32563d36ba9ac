import { InputError } from "../errors";
import { identityCheck, signatureCheck, sourceChecks, subjectCheck, subjectHas } from "./policy-checks";
import { SLSA_PROVENANCE_V1, type Statement, TEST_RESULT_V01 } from "./statement";
import type { TrustSettings } from "./trust/choice";
import type { TrustedRootCache } from "./trust/material";

/** What a digest's attestations must show before greenlight deploys it. */
export interface Policy {
  /** Key mode: the PEM (SPKI) public key the attestations must be signed with. */
  publicKeyPem?: string;
  /** Keyless: the certificate's subject alternative name, exactly (the signing workflow's URI). */
  certificateIdentity?: string;
  certificateIdentityRegexp?: string;
  /** Keyless: the OIDC issuer, e.g. `https://token.actions.githubusercontent.com`. */
  certificateOidcIssuer?: string;
  /** `https://github.com/org/repo` or `org/repo`. */
  sourceRepository?: string;
  /** A regular expression the whole source ref must match, e.g. `refs/(heads/main|tags/v.*)`. */
  sourceRef?: string;
  /** Defaults to SLSA provenance v1. */
  predicateType?: string;
  requireTestResults: boolean;
  /** Keyless: where the Sigstore trust material comes from (`trusted-root`, `sigstore-instance`); default auto. */
  trust?: TrustSettings;
  /** The run's trusted roots fetched through TUF (one fetch per mirror per run); without it, fetched per check. */
  trustedRoots?: TrustedRootCache;
}

/** One line of a verification report. */
export interface Check {
  name: string;
  passed: boolean;
  detail: string;
}

/** The identity a Fulcio certificate carries. */
export interface CertificateIdentity {
  subjectAlternativeName?: string;
  issuer?: string;
  /** Extension 1.3.6.1.4.1.57264.1.12 */
  sourceRepositoryUri?: string;
  /** Extension 1.3.6.1.4.1.57264.1.14 */
  sourceRepositoryRef?: string;
}

/** What the signature check found for one bundle. */
export type SignatureOutcome =
  | { valid: true; signer: "key" }
  | {
      valid: true;
      signer: "certificate";
      /** From the certificate Sigstore's verifier verified. */
      identity: CertificateIdentity;
      /** The trust material it was verified against, as the report names it. */
      trust: string;
    }
  | { valid: false; detail: string };

/** One attached attestation, after its signature was checked (the adapter's work). */
export interface AttestationEvidence {
  /** Where it came from, e.g. the referrer manifest digest. */
  source: string;
  signature: SignatureOutcome;
  /** Undefined when the payload does not count as an in-toto statement; statementProblem says why. */
  statement?: Statement<unknown>;
  statementProblem?: string;
}

/** The decision on one digest. */
export interface Decision {
  verified: boolean;
  checks: Check[];
  /** Statements whose signature was valid and whose subject is the digest. */
  statements: Statement<unknown>[];
}

/** Refuses a policy whose patterns do not compile, naming the input, before anything is fetched. */
export function checkPolicy(policy: Policy): void {
  const patterns = [
    ["source-ref", policy.sourceRef],
    ["certificate-identity-regexp", policy.certificateIdentityRegexp],
  ] as const;
  for (const [input, pattern] of patterns) {
    if (pattern === undefined) continue;
    try {
      new RegExp(pattern);
    } catch (error) {
      throw new InputError(
        input,
        `'${pattern}' is not a regular expression (${(error as Error).message})`,
        "a JavaScript regular expression; it must match the whole value",
      );
    }
  }
}

/** Decides whether a digest's attestations satisfy a policy. Pure. */
export function evaluatePolicy(
  digest: string,
  policy: Policy,
  evidence: readonly AttestationEvidence[],
): Decision {
  const statements = evidence
    .filter((e) => e.signature.valid && e.statement && subjectHas(e.statement, digest))
    .map((e) => e.statement as Statement<unknown>);
  if (evidence.length === 0) {
    const detail = `no attestation is attached to ${digest}: it was never signed, or was signed into another registry`;
    return { verified: false, checks: [{ name: "attestation", passed: false, detail }], statements };
  }
  const wanted = policy.predicateType || SLSA_PROVENANCE_V1;
  const candidates = evidence.map((e) => attestationChecks(digest, policy, e, wanted));
  const best = candidates.reduce((a, b) => (score(b) > score(a) ? b : a));
  const checks = [...best];
  if (policy.requireTestResults) checks.push(testResultCheck(digest, policy, evidence));
  return { verified: checks.every((c) => c.passed), checks, statements };
}

/** Number of leading checks that pass: the attestation that got furthest explains the refusal best. */
function score(checks: Check[]): number {
  const firstFail = checks.findIndex((c) => !c.passed);
  return firstFail === -1 ? checks.length + 1 : firstFail;
}

function attestationChecks(digest: string, policy: Policy, e: AttestationEvidence, wanted: string): Check[] {
  const checks: Check[] = [signatureCheck(e)];
  if (e.signature.valid && e.signature.signer === "certificate")
    checks.push(identityCheck(policy, e.signature.identity));
  const statement = e.statement;
  if (!statement) {
    checks.push({
      name: "statement",
      passed: false,
      detail: `${e.source}: ${e.statementProblem ?? "the payload is not an in-toto statement"}`,
    });
    return checks;
  }
  const type = statement.predicateType;
  checks.push({
    name: "predicate type",
    passed: type === wanted,
    detail:
      type === wanted
        ? type
        : `wrong predicate type: the attestation is ${type}, the policy requires ${wanted}`,
  });
  checks.push(subjectCheck(statement, digest));
  const identity =
    e.signature.valid && e.signature.signer === "certificate" ? e.signature.identity : undefined;
  checks.push(...sourceChecks(policy, statement, identity));
  return checks;
}

function testResultCheck(digest: string, policy: Policy, evidence: readonly AttestationEvidence[]): Check {
  const name = "test results";
  const signed = evidence.filter(
    (e) =>
      e.statement?.predicateType === TEST_RESULT_V01 &&
      attestationChecks(digest, { ...policy, predicateType: TEST_RESULT_V01 }, e, TEST_RESULT_V01).every(
        (c) => c.passed,
      ),
  );
  const passing = signed.find((e) => (e.statement?.predicate as { result?: string })?.result === "PASSED");
  if (passing)
    return { name, passed: true, detail: `${passing.source}: a signed test-result statement says PASSED` };
  if (signed.length > 0) {
    const failed = signed.flatMap(
      (e) => (e.statement?.predicate as { failedTests?: string[] })?.failedTests ?? [],
    );
    return {
      name,
      passed: false,
      detail: `the signed test results for ${digest} did not pass (failed: ${failed.join(", ") || "?"})`,
    };
  }
  return { name, passed: false, detail: `no signed test-result statement on ${digest} satisfies the policy` };
}
