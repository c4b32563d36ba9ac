import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  bundleEvidence,
  bundleProblem,
  payloadSubjectProblem
} from "./chunk-JX6LAKTW.mjs";
import {
  SLSA_PROVENANCE_V1,
  TEST_RESULT_V01,
  fetchAttestations
} from "./chunk-ARYB7FQK.mjs";
import {
  pinned
} from "./chunk-UEFSGM5H.mjs";
import {
  InputError,
  RefusedError
} from "./chunk-XAPMUR2Q.mjs";

// src/provenance/policy-checks.ts
function signatureCheck(e) {
  const name = "signature";
  if (!e.signature.valid) return { name, passed: false, detail: e.signature.detail };
  const how = e.signature.signer === "key" ? "the policy's public key" : `a Fulcio certificate, verified against ${e.signature.trust}`;
  return { name, passed: true, detail: `${e.source} is signed with ${how}` };
}
function identityCheck(policy, identity) {
  const name = "signer identity";
  const san = identity.subjectAlternativeName ?? "";
  const problems = [];
  if (!policy.certificateIdentity && !policy.certificateIdentityRegexp && !policy.sourceRepository) {
    problems.push(
      "the policy names no certificate identity or source repository, so any Sigstore signer would pass"
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
      `OIDC issuer is ${identity.issuer ?? "absent"}, the policy requires ${policy.certificateOidcIssuer}`
    );
  }
  return {
    name,
    passed: problems.length === 0,
    detail: problems.join("; ") || `${san} (${identity.issuer ?? "?"})`
  };
}
function subjectCheck(statement, digest) {
  const name = "subject digest";
  if (subjectHas(statement, digest)) return { name, passed: true, detail: `the statement names ${digest}` };
  const named = statement.subject.map((s) => `${s?.name}@sha256:${s?.digest?.sha256 ?? "?"}`).join(", ");
  return { name, passed: false, detail: `the attestation is about another image (${named}), not ${digest}` };
}
function subjectHas(statement, digest) {
  const hex = digest.replace(/^sha256:/, "");
  return Array.isArray(statement.subject) && statement.subject.some((s) => s?.digest?.sha256 === hex);
}
function sourceChecks(policy, statement, cert) {
  const source = statementSource(statement);
  const checks = [];
  if (policy.sourceRepository) {
    const want = policy.sourceRepository;
    checks.push(
      sourceCheck(
        "source repository",
        want,
        source.repository,
        cert?.sourceRepositoryUri,
        cert !== void 0,
        (seen) => sameRepository(seen, want)
      )
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
        cert !== void 0,
        (seen) => fullMatch(want, seen)
      )
    );
  }
  return checks;
}
function sourceCheck(name, want, fromStatement, fromCertificate, keyless, matches) {
  const seen = [{ where: "the statement", value: fromStatement }];
  if (keyless) seen.push({ where: "the certificate", value: fromCertificate });
  const bad = seen.filter((s) => s.value === void 0 || !matches(s.value));
  if (bad.length === 0) return { name, passed: true, detail: `${fromStatement} matches ${want}` };
  const found = bad.map((s) => `${s.value ?? "none"} (${s.where})`).join(" and ");
  return { name, passed: false, detail: `${name} ${found} does not match ${want}` };
}
function statementSource(statement) {
  const predicate = statement.predicate;
  const uri = predicate?.buildDefinition?.resolvedDependencies?.[0]?.uri ?? predicate?.configuration?.[0]?.uri ?? "";
  const match = /^git\+(.+?)@(.+)$/.exec(uri);
  return match ? { repository: match[1], ref: match[2] } : {};
}
function sameRepository(seen, want) {
  const strip = (s) => s.toLowerCase().replace(/\.git$/, "").replace(/\/+$/, "");
  return want.includes("://") ? strip(seen) === strip(want) : strip(seen).endsWith(`/${strip(want)}`);
}
function fullMatch(pattern, value) {
  return new RegExp(`^(?:${pattern})$`).test(value);
}

// src/provenance/policy.ts
function checkPolicy(policy) {
  const patterns = [
    ["source-ref", policy.sourceRef],
    ["certificate-identity-regexp", policy.certificateIdentityRegexp]
  ];
  for (const [input, pattern] of patterns) {
    if (pattern === void 0) continue;
    try {
      new RegExp(pattern);
    } catch (error) {
      throw new InputError(
        input,
        `'${pattern}' is not a regular expression (${error.message})`,
        "a JavaScript regular expression; it must match the whole value"
      );
    }
  }
}
function evaluatePolicy(digest, policy, evidence) {
  const statements = evidence.filter((e) => e.signature.valid && e.statement && subjectHas(e.statement, digest)).map((e) => e.statement);
  if (evidence.length === 0) {
    const detail = `no attestation is attached to ${digest}: it was never signed, or was signed into another registry`;
    return { verified: false, checks: [{ name: "attestation", passed: false, detail }], statements };
  }
  const wanted = policy.predicateType || SLSA_PROVENANCE_V1;
  const candidates = evidence.map((e) => attestationChecks(digest, policy, e, wanted));
  const best = candidates.reduce((a, b) => score(b) > score(a) ? b : a);
  const checks = [...best];
  if (policy.requireTestResults) checks.push(testResultCheck(digest, policy, evidence));
  return { verified: checks.every((c) => c.passed), checks, statements };
}
function score(checks) {
  const firstFail = checks.findIndex((c) => !c.passed);
  return firstFail === -1 ? checks.length + 1 : firstFail;
}
function attestationChecks(digest, policy, e, wanted) {
  const checks = [signatureCheck(e)];
  if (e.signature.valid && e.signature.signer === "certificate")
    checks.push(identityCheck(policy, e.signature.identity));
  const statement = e.statement;
  if (!statement) {
    checks.push({
      name: "statement",
      passed: false,
      detail: `${e.source}: ${e.statementProblem ?? "the payload is not an in-toto statement"}`
    });
    return checks;
  }
  const type = statement.predicateType;
  checks.push({
    name: "predicate type",
    passed: type === wanted,
    detail: type === wanted ? type : `wrong predicate type: the attestation is ${type}, the policy requires ${wanted}`
  });
  checks.push(subjectCheck(statement, digest));
  const identity = e.signature.valid && e.signature.signer === "certificate" ? e.signature.identity : void 0;
  checks.push(...sourceChecks(policy, statement, identity));
  return checks;
}
function testResultCheck(digest, policy, evidence) {
  const name = "test results";
  const signed = evidence.filter(
    (e) => e.statement?.predicateType === TEST_RESULT_V01 && attestationChecks(digest, { ...policy, predicateType: TEST_RESULT_V01 }, e, TEST_RESULT_V01).every(
      (c) => c.passed
    )
  );
  const passing = signed.find((e) => e.statement?.predicate?.result === "PASSED");
  if (passing)
    return { name, passed: true, detail: `${passing.source}: a signed test-result statement says PASSED` };
  if (signed.length > 0) {
    const failed = signed.flatMap(
      (e) => e.statement?.predicate?.failedTests ?? []
    );
    return {
      name,
      passed: false,
      detail: `the signed test results for ${digest} did not pass (failed: ${failed.join(", ") || "?"})`
    };
  }
  return { name, passed: false, detail: `no signed test-result statement on ${digest} satisfies the policy` };
}

// src/provenance/verify.ts
async function verifyDigest(client, repo, digest, policy) {
  checkPolicy(policy);
  const { mode, attestations } = await fetchAttestations(client, repo, digest);
  const evidence = [];
  const skipped = [];
  for (const { source, bundle, problem } of attestations) {
    const malformed = problem ?? bundleProblem(bundle) ?? payloadSubjectProblem(bundle);
    if (malformed || !bundle) {
      const reason = malformed?.replace(`${source}: `, "") ?? "no bundle";
      skipped.push({ source, reason });
      continue;
    }
    evidence.push(await bundleEvidence(source, bundle, policy));
  }
  if (evidence.length === 0 && skipped.length > 0) return { mode, skipped, ...allMalformed(digest, skipped) };
  return { mode, skipped, ...evaluatePolicy(digest, policy, evidence) };
}
function allMalformed(digest, skipped) {
  const reasons = skipped.map((s) => `${s.source}: ${s.reason}`);
  const detail = `every attestation attached to ${digest} is malformed (${skipped.length} skipped): ${reasons.join("; ")}`;
  return { verified: false, checks: [{ name: "attestation", passed: false, detail }], statements: [] };
}

// src/commands/verification.ts
async function verifyBeforeDeploy(s, digest, config = s.config) {
  const { ctx } = s;
  if (!config.policy.enabled) {
    ctx.log.warn(`verify is false: deploying ${digest} without checking its provenance`);
    return void 0;
  }
  const result = await ctx.log.group("Verify provenance", () => checkProvenance(s, digest, config));
  if (!result.verified) {
    const failed = result.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.detail}`);
    throw new RefusedError(
      `refused ${pinned(s.image(), digest)}: its provenance does not meet the policy
${failed.join("\n")}`,
      {
        hint: "deploy a digest built and attested by a trusted workflow, or fix the policy inputs (public-key, certificate-identity, source-repository, source-ref)"
      }
    );
  }
  return result.checks.map((c) => `${c.passed ? "ok" : "failed"} ${c.name}`).join(", ");
}
function switchVerifier(s, noted) {
  return async (digest) => {
    noted.verification = await verifyBeforeDeploy(s, digest);
    return noted.verification ? { verified: true, detail: noted.verification } : void 0;
  };
}
function verifiedEarly(verify, digest) {
  const early = verify(digest);
  early.catch(() => void 0);
  return (asked) => asked === digest ? early : verify(asked);
}
async function checkProvenance(s, digest, config = s.config) {
  const image = s.image();
  const result = await verifyDigest(s.registryClient(image.registry), image.repository, digest, {
    ...policyOf(config),
    trustedRoots: s.trustedRoots
  });
  for (const skipped of result.skipped)
    s.ctx.log.warn(`skipped a malformed attestation ${skipped.source}: ${skipped.reason}`);
  for (const check of result.checks)
    s.ctx.log.info(`${check.passed ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`);
  return result;
}
function policyOf(config) {
  const p = config.policy;
  const policy = { predicateType: SLSA_PROVENANCE_V1, requireTestResults: p.requireTestResults };
  if (p.publicKeyPem) policy.publicKeyPem = p.publicKeyPem;
  if (p.certificateIdentity) policy.certificateIdentity = p.certificateIdentity;
  if (p.certificateIdentityRegexp) policy.certificateIdentityRegexp = p.certificateIdentityRegexp;
  if (p.certificateOidcIssuer) policy.certificateOidcIssuer = p.certificateOidcIssuer;
  if (p.sourceRepository) policy.sourceRepository = p.sourceRepository;
  if (p.sourceRef) policy.sourceRef = p.sourceRef;
  policy.trust = p.trust;
  return policy;
}
async function switchEngine(s, noted) {
  const verify = switchVerifier(s, noted);
  const engine = { ...await s.engine(), verify };
  engine.ledger.history().catch(() => void 0);
  const state = await engine.target.readState();
  const early = (digest) => {
    engine.verify = verifiedEarly(verify, digest);
  };
  return { engine, state, early };
}

export {
  verifyBeforeDeploy,
  checkProvenance,
  switchEngine
};
//# sourceMappingURL=chunk-Q6CHKWDP.mjs.map
