import type { Config } from "../config";
import type { RunContext } from "../context";
import { repositoryName } from "../image/reference";
import { buildTestResultStatement } from "../provenance/statement";
import { buildContext, signAndAttach } from "./attest";
import { testResults } from "./engine";
import { requireImage } from "./registry";
import { verifyBeforeDeploy } from "./verify";

/**
 * The check before a deploy, with the test results of earlier jobs signed in between: provenance is
 * verified first, so a digest the policy refuses never gets a test-result attestation; the test
 * results are signed on the digest next; a policy that requires test results is checked last,
 * against what was just attached. Returns what was checked, for the report.
 */
export async function verifyAndSignTestResults(
  config: Config,
  ctx: RunContext,
  digest: string,
): Promise<string | undefined> {
  if (!signsTestResults(config)) return verifyBeforeDeploy(config, ctx, digest);
  const provenanceOnly = { ...config, policy: { ...config.policy, requireTestResults: false } };
  const provenance = await verifyBeforeDeploy(provenanceOnly, ctx, digest);
  await signTestResults(config, ctx, digest);
  if (!config.policy.enabled || !config.policy.requireTestResults) return provenance;
  return verifyBeforeDeploy(config, ctx, digest);
}

function signsTestResults(config: Config): boolean {
  return config.deploy.testResults.length > 0 && config.signing.mode !== "none";
}

/**
 * Signs the test results of earlier jobs as an in-toto test-result attestation on the digest, so
 * that verification (require-test-results) and later rollbacks can rely on them.
 */
async function signTestResults(config: Config, ctx: RunContext, digest: string): Promise<void> {
  const results = [await testResults(config)];
  if (!results.every((r) => r.passed)) return; // the pre-stage gate refuses it with the details
  const subject = { name: repositoryName(requireImage(config)), digest };
  const statement = buildTestResultStatement(subject, results, await buildContext(config, ctx));
  await ctx.log.group("Attest test results", () => signAndAttach(config, ctx, digest, statement));
}
