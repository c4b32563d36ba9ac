import { verify as verifySignature } from "node:crypto";
import { homedir } from "node:os";
import { bundleFromJSON } from "@sigstore/bundle";
import { ASN1Obj, type X509Certificate } from "@sigstore/core";
import type { TrustedRoot } from "@sigstore/protobuf-specs";
import { type SignedEntity, type Signer, toSignedEntity, toTrustMaterial, Verifier } from "@sigstore/verify";
import { GreenlightError } from "../errors";
import { bundleShapeProblem, readStatement } from "./bundle-rules";
import { type DsseEnvelope, pae, type SerializedBundle } from "./dsse";
import type { AttestationEvidence, CertificateIdentity, Policy, SignatureOutcome } from "./policy";
import { keyHint, loadPublicKey } from "./signers/key";
import type { Statement } from "./statement";
import { chooseTrust, describeTrust, type IssuerName, thresholdsFor } from "./trust/choice";
import { loadTrustedRoot } from "./trust/material";
import { tufCacheDir } from "./trust/settings";

const OID_ISSUER_LEGACY = "1.3.6.1.4.1.57264.1.1";
const OID_ISSUER = "1.3.6.1.4.1.57264.1.8";
const OID_SOURCE_REPOSITORY_URI = "1.3.6.1.4.1.57264.1.12";
const OID_SOURCE_REPOSITORY_REF = "1.3.6.1.4.1.57264.1.14";

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

/**
 * Verifies with Sigstore's verifier and takes the signer's identity from what it returns: the
 * certificate whose chain, timestamps and signature it checked, never a second copy in the bundle.
 */
async function checkKeyless(bundle: SerializedBundle, policy: Policy): Promise<SignatureOutcome> {
  let entity: SignedEntity;
  try {
    entity = toSignedEntity(bundleFromJSON(bundle));
  } catch (error) {
    return { valid: false, detail: `not a valid Sigstore bundle: ${messageOf(error)}` };
  }
  if (entity.key.$case !== "certificate")
    return { valid: false, detail: "the bundle's signer is not a certificate" };
  const settings = policy.trust ?? { instance: "auto" };
  const choice = chooseTrust(settings, issuerName(entity.key.certificate));
  if ("problem" in choice) return { valid: false, detail: `no Sigstore trust material: ${choice.problem}` };
  const trust = describeTrust(choice);
  let root: TrustedRoot;
  try {
    root = await loadTrustedRoot(choice, {
      cacheDir: settings.tufCacheDir ?? tufCacheDir(process.env, homedir()),
    });
  } catch (error) {
    const hint = error instanceof GreenlightError && error.hint ? `; ${error.hint}` : "";
    return { valid: false, detail: `${messageOf(error)}${hint}` };
  }
  let signer: Signer;
  try {
    const verifier = new Verifier(toTrustMaterial(root), thresholdsFor(choice.instance, root));
    signer = verifier.verify(entity);
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    const modified = code === "SIGNATURE_ERROR" || code === "TLOG_BODY_ERROR";
    return {
      valid: false,
      detail: modified
        ? `payload modified after signing: ${messageOf(error)} (trust: ${trust})`
        : `Sigstore verification failed: ${messageOf(error)} (trust: ${trust})`,
    };
  }
  return { valid: true, signer: "certificate", identity: signerIdentity(signer), trust };
}

/** The identity Sigstore's verifier returns for the certificate it verified. */
export function signerIdentity(signer: Signer): CertificateIdentity {
  const extension = (oid: string) => {
    const id = oid.split(".").map(Number).join(".");
    return signer.identity?.oids?.find((o) => o.oid?.id.join(".") === id)?.value;
  };
  // Fulcio's newer extensions hold a DER UTF8String; the legacy issuer holds the raw text.
  const text = (oid: string) => {
    const value = extension(oid);
    return value ? ASN1Obj.parseBuffer(Buffer.from(value)).value.toString("utf8") : undefined;
  };
  return {
    subjectAlternativeName: signer.identity?.subjectAlternativeName,
    issuer: text(OID_ISSUER) ?? extension(OID_ISSUER_LEGACY)?.toString("utf8"),
    sourceRepositoryUri: text(OID_SOURCE_REPOSITORY_URI),
    sourceRepositoryRef: text(OID_SOURCE_REPOSITORY_REF),
  };
}

/** Organization and common name of a certificate's issuer. */
export function issuerName(certificate: X509Certificate): IssuerName {
  const name: IssuerName = {};
  // tbsCertificate: version, serialNumber, signature, issuer, … (X.509 v3, as @sigstore/core reads it)
  for (const rdn of certificate.tbsCertificate.subs[3]?.subs ?? []) {
    for (const attribute of rdn.subs) {
      const [type, value] = attribute.subs;
      if (!type || !value) continue;
      const oid = type.toOID();
      if (oid === "2.5.4.10") name.organization = value.value.toString("utf8");
      if (oid === "2.5.4.3") name.commonName = value.value.toString("utf8");
    }
  }
  return name;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The in-toto statement inside a bundle, or undefined when it does not count as one (see readStatement). */
export function bundleStatement(bundle: SerializedBundle): Statement<unknown> | undefined {
  const reading = readStatement(bundle);
  return "statement" in reading ? reading.statement : undefined;
}
