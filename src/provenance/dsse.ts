import type { Statement } from "./statement";

/** DSSE payload type for in-toto statements. */
export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
/** Sigstore bundle v0.3 media type; also the OCI artifactType of an attached attestation. */
export const BUNDLE_V03_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

/** A DSSE envelope as it appears in a Sigstore bundle (payload and signatures base64). */
export interface DsseEnvelope {
  payload: string;
  payloadType: string;
  signatures: { sig: string; keyid: string }[];
}

/** A Sigstore bundle v0.3 in its JSON form, carrying a DSSE envelope. */
export interface SerializedBundle {
  mediaType: string;
  verificationMaterial: {
    publicKey?: { hint: string };
    certificate?: { rawBytes: string };
    x509CertificateChain?: { certificates: { rawBytes: string }[] };
    tlogEntries: unknown[];
    timestampVerificationData?: { rfc3161Timestamps: { signedTimestamp: string }[] };
  };
  dsseEnvelope: DsseEnvelope;
}

/** DSSE pre-authentication encoding: what is actually signed. */
export function pae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, "utf8");
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, "utf8"),
    type,
    Buffer.from(` ${payload.length} `, "utf8"),
    payload,
  ]);
}

/** The bytes a statement is signed as (compact JSON, as actions/attest serialises it). */
export function statementBytes(statement: Statement<unknown>): Buffer {
  return Buffer.from(JSON.stringify(statement), "utf8");
}
