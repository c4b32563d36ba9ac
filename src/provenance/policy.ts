import { SLSA_PROVENANCE_V1, type Statement, TEST_RESULT_V01 } from "./statement";

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
  /** Keyless: Sigstore trusted root (JSON); without it the public-good root is fetched through TUF. */
  trustedRoot?: unknown;
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
  | { valid: true; signer: "certificate"; identity: CertificateIdentity }
  | { valid: false; detail: string };

/** One attached attestation, after its signature was checked (the adapter's work). */
export interface AttestationEvidence {
  /** Where it came from, e.g. the referrer manifest digest. */
  source: string;
  signature: SignatureOutcome;
  /** Undefined when the payload is not an in-toto statement. */
  statement?: Statement<unknown>;
}

/** The decision on one digest. */
export interface Decision {
  verified: boolean;
  checks: Check[];
  /** Statements whose signature was valid and whose subject is the digest. */
  statements: Statement<unknown>[];
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
      detail: `${e.source}: the payload is not an in-toto statement`,
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

function signatureCheck(e: AttestationEvidence): Check {
  const name = "signature";
  if (!e.signature.valid) return { name, passed: false, detail: e.signature.detail };
  const how = e.signature.signer === "key" ? "the policy's public key" : "a Fulcio certificate";
  return { name, passed: true, detail: `${e.source} is signed with ${how}` };
}

function identityCheck(policy: Policy, identity: CertificateIdentity): Check {
  const name = "signer identity";
  const san = identity.subjectAlternativeName ?? "";
  const problems: string[] = [];
  if (!policy.certificateIdentity && !policy.certificateIdentityRegexp && !policy.sourceRepository) {
    problems.push(
      "the policy names no certificate identity or source repository, so any Sigstore signer would pass",
    );
  }
  if (policy.certificateIdentity && san !== policy.certificateIdentity) {
    problems.push(`certificate identity is ${san}, the policy requires ${policy.certificateIdentity}`);
  }
  if (policy.certificateIdentityRegexp && !fullMatch(policy.certificateIdentityRegexp, san)) {
    problems.push(`certificate identity ${san} does not match /${policy.certificateIdentityRegexp}/`);
  }
  if (policy.certificateOidcIssuer && identity.issuer !== policy.certificateOidcIssuer) {
    problems.push(
      `OIDC issuer is ${identity.issuer ?? "absent"}, the policy requires ${policy.certificateOidcIssuer}`,
    );
  }
  return {
    name,
    passed: problems.length === 0,
    detail: problems.join("; ") || `${san} (${identity.issuer ?? "?"})`,
  };
}

function subjectCheck(statement: Statement<unknown>, digest: string): Check {
  const name = "subject digest";
  if (subjectHas(statement, digest)) return { name, passed: true, detail: `the statement names ${digest}` };
  const named = statement.subject.map((s) => `${s.name}@sha256:${s.digest.sha256 ?? "?"}`).join(", ");
  return { name, passed: false, detail: `the attestation is about another image (${named}), not ${digest}` };
}

function subjectHas(statement: Statement<unknown>, digest: string): boolean {
  const hex = digest.replace(/^sha256:/, "");
  return Array.isArray(statement.subject) && statement.subject.some((s) => s.digest?.sha256 === hex);
}

function sourceChecks(policy: Policy, statement: Statement<unknown>, cert?: CertificateIdentity): Check[] {
  const source = statementSource(statement);
  const checks: Check[] = [];
  if (policy.sourceRepository) {
    const want = policy.sourceRepository;
    checks.push(
      sourceCheck(
        "source repository",
        want,
        source.repository,
        cert?.sourceRepositoryUri,
        cert !== undefined,
        (seen) => sameRepository(seen, want),
      ),
    );
  }
  if (policy.sourceRef) {
    const want = policy.sourceRef;
    checks.push(
      sourceCheck(
        "source ref",
        `/${want}/`,
        source.ref,
        cert?.sourceRepositoryRef,
        cert !== undefined,
        (seen) => fullMatch(want, seen),
      ),
    );
  }
  return checks;
}

/** Compares the statement's value and, for keyless, the certificate's; names whichever differs. */
function sourceCheck(
  name: string,
  want: string,
  fromStatement: string | undefined,
  fromCertificate: string | undefined,
  keyless: boolean,
  matches: (seen: string) => boolean,
): Check {
  const seen = [{ where: "the statement", value: fromStatement }];
  if (keyless) seen.push({ where: "the certificate", value: fromCertificate });
  const bad = seen.filter((s) => s.value === undefined || !matches(s.value));
  if (bad.length === 0) return { name, passed: true, detail: `${fromStatement} matches ${want}` };
  const found = bad.map((s) => `${s.value ?? "none"} (${s.where})`).join(" and ");
  return { name, passed: false, detail: `${name} ${found} does not match ${want}` };
}

/**
 * Repository URL and ref a statement names as its source, `git+<repo>@<ref>`: provenance's first
 * resolved dependency, or a test result's first configuration entry.
 */
export function statementSource(statement: Statement<unknown>): { repository?: string; ref?: string } {
  const predicate = statement.predicate as {
    buildDefinition?: { resolvedDependencies?: { uri?: string }[] };
    configuration?: { uri?: string }[];
  };
  const uri =
    predicate?.buildDefinition?.resolvedDependencies?.[0]?.uri ?? predicate?.configuration?.[0]?.uri ?? "";
  const match = /^git\+(.+?)@(.+)$/.exec(uri);
  return match ? { repository: match[1], ref: match[2] } : {};
}

function sameRepository(seen: string, want: string): boolean {
  const strip = (s: string) =>
    s
      .toLowerCase()
      .replace(/\.git$/, "")
      .replace(/\/+$/, "");
  return want.includes("://") ? strip(seen) === strip(want) : strip(seen).endsWith(`/${strip(want)}`);
}

function fullMatch(pattern: string, value: string): boolean {
  return new RegExp(`^(?:${pattern})$`).test(value);
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
