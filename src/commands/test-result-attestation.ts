import type { Config } from "../config";
import { repositoryName } from "../image/reference";
import { buildTestResultStatement } from "../provenance/statement";
import { signAndAttach } from "./attestation";
import type { RunServices } from "./services";
import { verifyBeforeDeploy } from "./verification";

/**
 * The check before a deploy, with the test results of earlier jobs signed in between: provenance is
 * verified first, so a digest the policy refuses never gets a test-result attestation; the test
 * results are signed on the digest next; a policy that requires test results is checked last,
 * against what was just attached. Returns what was checked, for the report.
 */
export async function verifyAndSignTestResults(s: RunServices, digest: string): Promise<string | undefined> {
  const { config } = s;
  if (!signsTestResults(config)) return verifyBeforeDeploy(s, digest);
  const provenanceOnly = { ...config, policy: { ...config.policy, requireTestResults: false } };
  const provenance = await verifyBeforeDeploy(s, digest, provenanceOnly);
  await signTestResults(s, digest);
  if (!config.policy.enabled || !config.policy.requireTestResults) return provenance;
  return verifyBeforeDeploy(s, digest);
}

function signsTestResults(config: Config): boolean {
  return config.deploy.testResults.length > 0 && config.signing.mode !== "none";
}

/**
 * Signs the test results of earlier jobs as an in-toto test-result attestation on the digest, so
 * that verification (require-test-results) and later rollbacks can rely on them.
 */
async function signTestResults(s: RunServices, digest: string): Promise<void> {
  const results = [await s.testResults()];
  if (!results.every((r) => r.passed)) return; // the pre-stage gate refuses it with the details
  const subject = { name: repositoryName(s.image()), digest };
  const statement = buildTestResultStatement(subject, results, await s.provenanceSource());
  await s.ctx.log.group("Attest test results", () => signAndAttach(s, digest, statement));
}
