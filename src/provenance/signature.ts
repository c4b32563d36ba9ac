import { verify as verifySignature } from "node:crypto";
import { bundleFromJSON, type SerializedBundle as JsonBundle } from "@sigstore/bundle";
import { ASN1Obj, X509Certificate } from "@sigstore/core";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import { toSignedEntity, toTrustMaterial, Verifier } from "@sigstore/verify";
import { createVerifier } from "sigstore";
import { type DsseEnvelope, pae, type SerializedBundle } from "./dsse";
import type { CertificateIdentity, Policy, SignatureOutcome } from "./policy";
import { keyHint, loadPublicKey } from "./signers/key";
import type { Statement } from "./statement";

const OID_SOURCE_REPOSITORY_URI = "1.3.6.1.4.1.57264.1.12";
const OID_SOURCE_REPOSITORY_REF = "1.3.6.1.4.1.57264.1.14";

/** Checks a bundle's signature the way the policy says: its public key, or Sigstore trust material. */
export async function checkBundleSignature(
  bundle: SerializedBundle,
  policy: Policy,
): Promise<SignatureOutcome> {
  const envelope = bundle.dsseEnvelope;
  if (!envelope?.signatures?.[0])
    return { valid: false, detail: "the bundle carries no DSSE envelope signature" };
  const material = bundle.verificationMaterial ?? {};
  const certificate =
    material.certificate?.rawBytes ?? material.x509CertificateChain?.certificates[0]?.rawBytes;
  if (policy.publicKeyPem) {
    if (certificate) {
      return {
        valid: false,
        detail:
          "signed by another key: the bundle was signed keylessly (a Fulcio certificate), the policy names a public key",
      };
    }
    return checkWithKey(envelope, material.publicKey?.hint ?? "", policy.publicKeyPem);
  }
  if (!certificate) {
    return {
      valid: false,
      detail:
        "signed by another key: the bundle was signed with a private key, the policy expects a Sigstore (keyless) identity",
    };
  }
  return checkKeyless(bundle, certificate, policy);
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

async function checkKeyless(
  bundle: SerializedBundle,
  certificate: string,
  policy: Policy,
): Promise<SignatureOutcome> {
  try {
    const parsed = bundleFromJSON(bundle);
    if (policy.trustedRoot) {
      const root = TrustedRoot.fromJSON(policy.trustedRoot);
      const verifier = new Verifier(toTrustMaterial(root), {
        tlogThreshold: root.tlogs.length > 0 ? 1 : 0,
        ctlogThreshold: root.ctlogs.length > 0 ? 1 : 0,
        timestampThreshold: 1,
      });
      verifier.verify(toSignedEntity(parsed));
    } else {
      (await createVerifier()).verify(bundle as unknown as JsonBundle);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: string }).code ?? "";
    const modified = code === "SIGNATURE_ERROR" || code === "TLOG_BODY_ERROR";
    return {
      valid: false,
      detail: modified
        ? `payload modified after signing: ${message}`
        : `Sigstore verification failed: ${message}`,
    };
  }
  return { valid: true, signer: "certificate", identity: certificateIdentity(certificate) };
}

/** Subject, issuer and source-repository extensions of a Fulcio certificate (base64 DER). */
export function certificateIdentity(certificateBase64: string): CertificateIdentity {
  const cert = X509Certificate.parse(Buffer.from(certificateBase64, "base64"));
  const text = (oid: string) => {
    const ext = cert.extension(oid);
    // Fulcio's newer extensions hold a DER UTF8String; the legacy ones hold the raw text.
    return ext ? ASN1Obj.parseBuffer(Buffer.from(ext.value)).value.toString("utf8") : undefined;
  };
  const legacyIssuer = cert.extension("1.3.6.1.4.1.57264.1.1")?.value.toString("utf8");
  return {
    subjectAlternativeName: cert.extSubjectAltName?.uri ?? cert.extSubjectAltName?.rfc822Name,
    issuer: text("1.3.6.1.4.1.57264.1.8") ?? legacyIssuer,
    sourceRepositoryUri: text(OID_SOURCE_REPOSITORY_URI),
    sourceRepositoryRef: text(OID_SOURCE_REPOSITORY_REF),
  };
}

/** The in-toto statement inside a bundle, or undefined when the payload is not one. */
export function bundleStatement(bundle: SerializedBundle): Statement<unknown> | undefined {
  try {
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, "base64").toString("utf8"));
    if (statement && Array.isArray(statement.subject) && typeof statement.predicateType === "string")
      return statement;
  } catch {
    // not JSON: reported as "not an in-toto statement"
  }
  return undefined;
}
