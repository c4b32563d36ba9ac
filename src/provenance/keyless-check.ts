import { homedir } from "node:os";
import { bundleFromJSON } from "@sigstore/bundle";
import { ASN1Obj, type X509Certificate } from "@sigstore/core";
import type { TrustedRoot } from "@sigstore/protobuf-specs";
import { type SignedEntity, type Signer, toSignedEntity, toTrustMaterial, Verifier } from "@sigstore/verify";
import { GreenlightError } from "../errors";
import type { SerializedBundle } from "./dsse";
import type { CertificateIdentity, Policy, SignatureOutcome } from "./policy";
import { chooseTrust, describeTrust, type IssuerName, thresholdsFor } from "./trust/choice";
import { loadTrustedRoot } from "./trust/material";
import { tufCacheDir } from "./trust/settings";

// The keyless signature check: Sigstore's verifier against the trust material chosen for the bundle.

const OID_ISSUER_LEGACY = "1.3.6.1.4.1.57264.1.1";
const OID_ISSUER = "1.3.6.1.4.1.57264.1.8";
const OID_SOURCE_REPOSITORY_URI = "1.3.6.1.4.1.57264.1.12";
const OID_SOURCE_REPOSITORY_REF = "1.3.6.1.4.1.57264.1.14";

/**
 * Verifies with Sigstore's verifier and takes the signer's identity from what it returns: the
 * certificate whose chain, timestamps and signature it checked, never a second copy in the bundle.
 */
export async function checkKeyless(bundle: SerializedBundle, policy: Policy): Promise<SignatureOutcome> {
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
    root = await loadTrustedRoot(
      choice,
      { cacheDir: settings.tufCacheDir ?? tufCacheDir({}, homedir()) },
      policy.trustedRoots,
    );
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
  const extension = (oid: string) => signer.identity?.oids?.find((o) => o.oid?.id.join(".") === oid)?.value;
  // Fulcio's newer extensions hold a DER UTF8String; the legacy issuer holds the raw text.
  const text = (oid: string) => {
    const value = extension(oid);
    try {
      return value ? ASN1Obj.parseBuffer(Buffer.from(value)).value.toString("utf8") : undefined;
    } catch {
      return undefined; // a malformed extension names nothing, and a policy that needs it refuses
    }
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
