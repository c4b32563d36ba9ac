import type { RegistryClient } from "../registry/client";
import type { ReferrersMode } from "../registry/referrers";
import { fetchAttestations } from "./attach";
import { bundleProblem, payloadSubjectProblem } from "./bundle-rules";
import type { SerializedBundle } from "./dsse";
import { type AttestationEvidence, checkPolicy, type Decision, evaluatePolicy, type Policy } from "./policy";
import { bundleEvidence } from "./signature";

/** The decision on a digest, plus how its attestations were found and which were skipped. */
export interface VerifyResult extends Decision {
  mode: ReferrersMode;
  /** Malformed referrers, left out of the decision; the caller warns about each. */
  skipped: SkippedAttestation[];
}

/** A referrer that is not a usable attestation, and why. */
export interface SkippedAttestation {
  /** The referrer manifest's digest. */
  source: string;
  reason: string;
}

/**
 * Checks a digest's attached attestations against a policy. Read-only: a refusal changes nothing
 * in the registry. Malformed referrers (anyone who can push may attach one) are skipped, so one
 * of them cannot block a digest whose good attestations pass.
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
  const skipped: SkippedAttestation[] = [];
  for (const { source, bundle, problem } of attestations) {
    const malformed = problem ?? bundleProblem(bundle) ?? payloadSubjectProblem(bundle as SerializedBundle);
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

function allMalformed(digest: string, skipped: readonly SkippedAttestation[]): Decision {
  const reasons = skipped.map((s) => `${s.source}: ${s.reason}`);
  const detail = `every attestation attached to ${digest} is malformed (${skipped.length} skipped): ${reasons.join("; ")}`;
  return { verified: false, checks: [{ name: "attestation", passed: false, detail }], statements: [] };
}
