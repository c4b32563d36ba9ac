import { verify as verifySignature } from "node:crypto";
import { bundleShapeProblem, readStatement } from "./bundle-rules";
import { type DsseEnvelope, pae, type SerializedBundle } from "./dsse";
import type { AttestationEvidence, Policy, SignatureOutcome } from "./policy";
import { keyHint, loadPublicKey } from "./signers/key";
import type { Statement } from "./statement";

/**
 * Checks a bundle's signature the way the policy says: its public key, or Sigstore trust material.
 * Only a Sigstore bundle v0.3 with one signer is looked at (see bundle-rules.ts).
 */
export async function checkBundleSignature(
  bundle: SerializedBundle,
  policy: Policy,
): Promise<SignatureOutcome> {
  const shape = bundleShapeProblem(bundle);
  if (shape) return { valid: false, detail: shape };
  const envelope = bundle.dsseEnvelope;
  if (!envelope.signatures?.[0])
    return { valid: false, detail: "the bundle carries no DSSE envelope signature" };
  const material = bundle.verificationMaterial ?? {};
  if (policy.publicKeyPem) {
    if (material.certificate) {
      return {
        valid: false,
        detail:
          "signed by another key: the bundle was signed keylessly (a Fulcio certificate), the policy names a public key",
      };
    }
    return checkWithKey(envelope, material.publicKey?.hint ?? "", policy.publicKeyPem);
  }
  if (!material.certificate) {
    return {
      valid: false,
      detail:
        "signed by another key: the bundle was signed with a private key, the policy expects a Sigstore (keyless) identity",
    };
  }
  // Sigstore verification (@sigstore/verify, TUF) is loaded only for a keyless bundle.
  const { checkKeyless } = await import("./keyless-check");
  return checkKeyless(bundle, policy);
}

/** What one attached bundle shows: its signature checked against the policy, and its statement. */
export async function bundleEvidence(
  source: string,
  bundle: SerializedBundle,
  policy: Policy,
): Promise<AttestationEvidence> {
  const reading = readStatement(bundle);
  return {
    source,
    signature: await checkBundleSignature(bundle, policy),
    ...("statement" in reading ? { statement: reading.statement } : { statementProblem: reading.problem }),
  };
}

function checkWithKey(envelope: DsseEnvelope, hint: string, publicKeyPem: string): SignatureOutcome {
  const key = loadPublicKey(publicKeyPem, "the policy's public key");
  const signed = pae(envelope.payloadType, Buffer.from(envelope.payload, "base64"));
  const ok = envelope.signatures.some((s) =>
    verifySignature("sha256", signed, key, Buffer.from(s.sig, "base64")),
  );
  if (ok) return { valid: true, signer: "key" };
  const expected = keyHint(key);
  if (hint && hint !== expected) {
    return {
      valid: false,
      detail: `signature by another key: the bundle names key ${hint}, the policy's key is ${expected}`,
    };
  }
  return {
    valid: false,
    detail: "payload modified after signing: the signature does not match the payload under the policy's key",
  };
}

/** The in-toto statement inside a bundle, or undefined when it does not count as one (see readStatement). */
export function bundleStatement(bundle: SerializedBundle): Statement<unknown> | undefined {
  const reading = readStatement(bundle);
  return "statement" in reading ? reading.statement : undefined;
}
