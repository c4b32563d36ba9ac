import type { RegistryClient } from "../registry/client";
import type { ReferrersMode } from "../registry/referrers";
import { fetchAttestations } from "./attach";
import { type AttestationEvidence, checkPolicy, type Decision, evaluatePolicy, type Policy } from "./policy";
import { bundleEvidence } from "./signature";

/** The decision on a digest, plus how its attestations were found. */
export interface VerifyResult extends Decision {
  mode: ReferrersMode;
}

/**
 * Checks a digest's attached attestations against a policy. Read-only: a refusal changes nothing
 * in the registry.
 */
export async function verifyDigest(
  client: RegistryClient,
  repo: string,
  digest: string,
  policy: Policy,
): Promise<VerifyResult> {
  checkPolicy(policy);
  const { mode, attestations } = await fetchAttestations(client, repo, digest);
  const evidence: AttestationEvidence[] = [];
  for (const { source, bundle, problem } of attestations) {
    if (!bundle) {
      evidence.push({ source, signature: { valid: false, detail: problem ?? `${source}: no bundle` } });
      continue;
    }
    evidence.push(await bundleEvidence(source, bundle, policy));
  }
  return { mode, ...evaluatePolicy(digest, policy, evidence) };
}
