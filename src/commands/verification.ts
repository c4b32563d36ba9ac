import type { Config } from "../config";
import type { SwitchVerifier } from "../deploy/bluegreen";
import { RefusedError } from "../errors";
import { pinned } from "../image/reference";
import type { Policy } from "../provenance/policy";
import { SLSA_PROVENANCE_V1 } from "../provenance/statement";
import { type VerifyResult, verifyDigest } from "../provenance/verify";
import type { RunServices } from "./services";

/**
 * The check deploy and rollback make before they touch the target: a digest that fails is refused
 * and nothing changes. `verify: false` skips it with a warning. Returns what was checked, for the
 * report. `config` is the run's, or a variant of it with a narrower policy.
 */
export async function verifyBeforeDeploy(
  s: RunServices,
  digest: string,
  config: Config = s.config,
): Promise<string | undefined> {
  const { ctx } = s;
  if (!config.policy.enabled) {
    ctx.log.warn(`verify is false: deploying ${digest} without checking its provenance`);
    return undefined;
  }
  const result = await ctx.log.group("Verify provenance", () => checkProvenance(s, digest, config));
  if (!result.verified) {
    const failed = result.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.detail}`);
    throw new RefusedError(
      `refused ${pinned(s.image(), digest)}: its provenance does not meet the policy\n${failed.join("\n")}`,
      {
        hint: "deploy a digest built and attested by a trusted workflow, or fix the policy inputs (public-key, certificate-identity, source-repository, source-ref)",
      },
    );
  }
  return result.checks.map((c) => `${c.passed ? "ok" : "failed"} ${c.name}`).join(", ");
}

/**
 * The engine's verify check for promote and switch-back rollback: the same policy check, run by the
 * engine under the lock on exactly the digest it switches to. `noted` keeps what was checked, for
 * the report.
 */
export function switchVerifier(s: RunServices, noted: { verification?: string | undefined }): SwitchVerifier {
  return async (digest) => {
    noted.verification = await verifyBeforeDeploy(s, digest);
    return noted.verification ? { verified: true, detail: noted.verification } : undefined;
  };
}

/**
 * Starts verifying `digest` now (before the lock is taken); the engine's call for that digest (under
 * the lock, after it has checked that the color still runs it) gets this result, a failure included.
 * Any other digest is verified when asked.
 */
export function verifiedEarly(verify: SwitchVerifier, digest: string): SwitchVerifier {
  const early = verify(digest);
  early.catch(() => undefined); // awaited under the lock; a run that stops before has no use for it
  return (asked) => (asked === digest ? early : verify(asked));
}

/** Checks a digest's attestations against the policy of `config`, logging each check. */
export async function checkProvenance(
  s: RunServices,
  digest: string,
  config: Config = s.config,
): Promise<VerifyResult> {
  const image = s.image();
  const result = await verifyDigest(s.registryClient(image.registry), image.repository, digest, {
    ...policyOf(config),
    trustedRoots: s.trustedRoots,
  });
  for (const skipped of result.skipped)
    s.ctx.log.warn(`skipped a malformed attestation ${skipped.source}: ${skipped.reason}`);
  for (const check of result.checks)
    s.ctx.log.info(`${check.passed ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`);
  return result;
}

export function policyOf(config: Config): Policy {
  const p = config.policy;
  const policy: Policy = { predicateType: SLSA_PROVENANCE_V1, requireTestResults: p.requireTestResults };
  if (p.publicKeyPem) policy.publicKeyPem = p.publicKeyPem;
  if (p.certificateIdentity) policy.certificateIdentity = p.certificateIdentity;
  if (p.certificateIdentityRegexp) policy.certificateIdentityRegexp = p.certificateIdentityRegexp;
  if (p.certificateOidcIssuer) policy.certificateOidcIssuer = p.certificateOidcIssuer;
  if (p.sourceRepository) policy.sourceRepository = p.sourceRepository;
  if (p.sourceRef) policy.sourceRef = p.sourceRef;
  policy.trust = p.trust;
  return policy;
}

/**
 * The engine of a switch to a running color (promote, switch-back rollback) and the target's state
 * read before the lock. The engine verifies, under the lock, the digest it switches to; `early(digest)`
 * starts that check now, while the lock is taken. The ledger is walked beside the state and the
 * lock: under the lock, where the plan needs it, only its tag is read again (a failure here is met
 * there).
 */
export async function switchEngine(s: RunServices, noted: { verification?: string | undefined }) {
  const verify = switchVerifier(s, noted);
  const engine = { ...(await s.engine()), verify };
  engine.ledger.history().catch(() => undefined);
  const state = await engine.target.readState();
  const early = (digest: string) => {
    engine.verify = verifiedEarly(verify, digest);
  };
  return { engine, state, early };
}
