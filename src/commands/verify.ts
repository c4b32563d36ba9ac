import type { Config } from "../config";
import type { RunContext } from "../context";
import type { SwitchVerifier } from "../deploy/bluegreen";
import { GreenlightError, RefusedError } from "../errors";
import { pinned } from "../image/reference";
import type { Policy } from "../provenance/policy";
import { SLSA_PROVENANCE_V1 } from "../provenance/statement";
import { type VerifyResult, verifyDigest } from "../provenance/verify";
import type { Report } from "../report";
import type { CommandResult } from "../run";
import { registryClient, requireImage } from "./registry";

/** `verify`: check a digest's signed provenance (and test results) against the policy. */
export async function verify(config: Config, ctx: RunContext): Promise<CommandResult> {
  const digest = requireDigest(config);
  const result = await ctx.log.group("Verify provenance", () => runVerify(config, ctx, digest));
  return {
    outputs: { verified: String(result.verified) },
    report: verifyReport(config, digest, result),
    failed: !result.verified,
  };
}

/**
 * The check deploy and rollback make before they touch the target: a digest that fails is refused
 * and nothing changes. `verify: false` skips it with a warning. Returns what was checked, for the report.
 */
export async function verifyBeforeDeploy(
  config: Config,
  ctx: RunContext,
  digest: string,
): Promise<string | undefined> {
  if (!config.policy.enabled) {
    ctx.log.warn(`verify is false: deploying ${digest} without checking its provenance`);
    return undefined;
  }
  const result = await ctx.log.group("Verify provenance", () => runVerify(config, ctx, digest));
  if (!result.verified) {
    const failed = result.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.detail}`);
    throw new RefusedError(
      `refused ${pinned(requireImage(config), digest)}: its provenance does not meet the policy\n${failed.join("\n")}`,
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
export function switchVerifier(
  config: Config,
  ctx: RunContext,
  noted: { verification?: string | undefined },
): SwitchVerifier {
  return async (digest) => {
    noted.verification = await verifyBeforeDeploy(config, ctx, digest);
    return noted.verification ? { verified: true, detail: noted.verification } : undefined;
  };
}

async function runVerify(config: Config, ctx: RunContext, digest: string): Promise<VerifyResult> {
  const image = requireImage(config);
  const result = await verifyDigest(
    registryClient(config, ctx, image.registry),
    image.repository,
    digest,
    policyOf(config),
  );
  for (const s of result.skipped) ctx.log.warn(`skipped a malformed attestation ${s.source}: ${s.reason}`);
  for (const check of result.checks)
    ctx.log.info(`${check.passed ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`);
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

export function requireDigest(config: Config): string {
  if (!config.digest) {
    throw new GreenlightError(`command '${config.command}' needs a digest`, {
      hint: "pin 'image' as repo@sha256:… or set 'subject-digest'",
    });
  }
  return config.digest;
}

function verifyReport(config: Config, digest: string, result: VerifyResult): Report {
  return {
    title: `${result.verified ? "Verified" : "NOT verified"} ${pinned(requireImage(config), digest)}`,
    facts: [
      ["verified", String(result.verified)],
      ["attestations found through", result.mode],
      ...(result.skipped.length
        ? [
            ["skipped (malformed)", result.skipped.map((s) => `${s.source}: ${s.reason}`).join("; ")] as [
              string,
              string,
            ],
          ]
        : []),
      ...result.checks.map((c): [string, string] => [c.name, `${c.passed ? "✅" : "❌"} ${c.detail}`]),
    ],
  };
}
