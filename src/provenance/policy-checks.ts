import type { AttestationEvidence, CertificateIdentity, Check, Policy } from "./policy";
import type { Statement } from "./statement";

// The individual checks a policy decision is made of. Pure.

export function signatureCheck(e: AttestationEvidence): Check {
  const name = "signature";
  if (!e.signature.valid) return { name, passed: false, detail: e.signature.detail };
  const how =
    e.signature.signer === "key"
      ? "the policy's public key"
      : `a Fulcio certificate, verified against ${e.signature.trust}`;
  return { name, passed: true, detail: `${e.source} is signed with ${how}` };
}

export function identityCheck(policy: Policy, identity: CertificateIdentity): Check {
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

export function subjectCheck(statement: Statement<unknown>, digest: string): Check {
  const name = "subject digest";
  if (subjectHas(statement, digest)) return { name, passed: true, detail: `the statement names ${digest}` };
  const named = statement.subject.map((s) => `${s?.name}@sha256:${s?.digest?.sha256 ?? "?"}`).join(", ");
  return { name, passed: false, detail: `the attestation is about another image (${named}), not ${digest}` };
}

export function subjectHas(statement: Statement<unknown>, digest: string): boolean {
  const hex = digest.replace(/^sha256:/, "");
  return Array.isArray(statement.subject) && statement.subject.some((s) => s?.digest?.sha256 === hex);
}

export function sourceChecks(
  policy: Policy,
  statement: Statement<unknown>,
  cert?: CertificateIdentity,
): Check[] {
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
