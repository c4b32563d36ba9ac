import { BUNDLE_V03_MEDIA_TYPE, IN_TOTO_PAYLOAD_TYPE, type SerializedBundle } from "./dsse";
import { STATEMENT_TYPE, type Statement } from "./statement";

// What a bundle must be before its signature or its statement is looked at. Pure.
// Attached bundles are untrusted input: anyone who can push to the repository can attach one. Two
// kinds of answer: a malformed bundle (bundleProblem, payloadSubjectProblem) is skipped with a warning
// instead of being tripped over; a well-formed one that breaks a rule (bundleShapeProblem,
// readStatement) is refused, and the message says which rule.

/**
 * The statement types that count: in-toto Statement v1, and v0.1, which `cosign attest` still writes
 * (the fields greenlight reads are the same in both).
 */
const STATEMENT_TYPES: readonly string[] = [STATEMENT_TYPE, "https://in-toto.io/Statement/v0.1"];

/**
 * Why a bundle is refused before any signature check, or undefined. Only Sigstore bundle v0.3 with a
 * single signer (one certificate, or one public-key hint) is accepted: an older bundle may carry a
 * certificate chain beside a certificate, and then the certificate Sigstore's verifier checks and the
 * one a reader takes the identity from can differ.
 */
export function bundleShapeProblem(bundle: SerializedBundle): string | undefined {
  if (bundle?.mediaType !== BUNDLE_V03_MEDIA_TYPE) {
    return `bundle media type ${bundle?.mediaType ?? "(none)"} is refused: greenlight accepts only Sigstore bundle v0.3 (${BUNDLE_V03_MEDIA_TYPE})`;
  }
  const material = bundle.verificationMaterial ?? {};
  if (material.certificate && material.x509CertificateChain) {
    return "the bundle carries both a certificate and a certificate chain (x509CertificateChain): which one signed is ambiguous, so it is refused";
  }
  if (material.x509CertificateChain) {
    return "the bundle carries a certificate chain (x509CertificateChain), which Sigstore bundle v0.3 does not allow: it must carry one certificate";
  }
  if (material.certificate && material.publicKey) {
    return "the bundle carries both a certificate and a public-key hint: which one signed is ambiguous, so it is refused";
  }
  if (!bundle.dsseEnvelope) return "the bundle carries no DSSE envelope, so no in-toto statement";
  return undefined;
}

/** A bundle's in-toto statement, or why its payload does not count as one. */
export type StatementReading = { statement: Statement<unknown> } | { problem: string };

/**
 * The statement a bundle's DSSE envelope carries. It counts only when the envelope's payloadType is
 * in-toto's (the type is part of what is signed) and the statement is an in-toto Statement with
 * well-formed subjects and a predicate type.
 */
export function readStatement(bundle: SerializedBundle): StatementReading {
  const envelope = bundle?.dsseEnvelope;
  if (!envelope) return { problem: "the bundle carries no DSSE envelope" };
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    return {
      problem: `DSSE payloadType ${envelope.payloadType || "(none)"} is not an in-toto statement's (${IN_TOTO_PAYLOAD_TYPE})`,
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(envelope.payload ?? "", "base64").toString("utf8"));
  } catch {
    return { problem: "the DSSE payload is not JSON, so not an in-toto statement" };
  }
  const statement = (value ?? {}) as Record<string, unknown>;
  if (typeof statement._type !== "string" || !STATEMENT_TYPES.includes(statement._type)) {
    return {
      problem: `statement _type ${String(statement._type ?? "(none)")} is refused: only an in-toto Statement (${STATEMENT_TYPES.join(" or ")}) counts`,
    };
  }
  const subject = subjectProblem(statement);
  if (subject) return { problem: subject };
  if (typeof statement.predicateType !== "string") return { problem: "the statement has no predicateType" };
  return { statement: value as Statement<unknown> };
}

/** Why a parsed bundle layer cannot be a DSSE Sigstore bundle; undefined when its shape is usable. */
export function bundleProblem(bundle: unknown): string | undefined {
  if (!isObject(bundle)) return "the bundle is not a JSON object";
  const material = bundle.verificationMaterial;
  if (!isObject(material)) return "the bundle has no verificationMaterial";
  if (material.certificate !== undefined && !hasRawBytes(material.certificate)) {
    return "the bundle's certificate has no rawBytes";
  }
  const chain = material.x509CertificateChain;
  if (
    chain !== undefined &&
    !(isObject(chain) && Array.isArray(chain.certificates) && chain.certificates.every(hasRawBytes))
  ) {
    return "the bundle's x509CertificateChain is not a list of certificates";
  }
  const envelope = bundle.dsseEnvelope;
  if (!isObject(envelope)) return "the bundle carries no DSSE envelope";
  if (typeof envelope.payload !== "string" || typeof envelope.payloadType !== "string") {
    return "the DSSE envelope has no payload or payloadType";
  }
  const signatures = envelope.signatures;
  if (!Array.isArray(signatures) || signatures.length === 0) return "the DSSE envelope has no signatures";
  const bad = signatures.findIndex((s) => !isObject(s) || typeof s.sig !== "string" || s.sig === "");
  if (bad >= 0) return `DSSE signature ${bad} has no 'sig'`;
  return undefined;
}

/**
 * Why a statement's subject list cannot be matched against a digest; undefined when every entry is
 * an object whose `digest` maps algorithms to strings.
 */
export function subjectProblem(statement: { subject?: unknown }): string | undefined {
  const subject = statement.subject;
  if (!Array.isArray(subject) || subject.length === 0) return "the statement has no subject";
  const bad = subject.findIndex(
    (s) =>
      !isObject(s) ||
      !isObject(s.digest) ||
      !Object.values(s.digest).every((value) => typeof value === "string"),
  );
  if (bad >= 0) return `statement subject ${bad} is not an object with a digest`;
  return undefined;
}

/**
 * Why the statement in a well-shaped bundle's payload cannot be matched against a digest (see
 * subjectProblem); undefined when it can, or when the payload is no JSON object at all (that is
 * judged as "not an in-toto statement" with the signature, not skipped).
 */
export function payloadSubjectProblem(bundle: { dsseEnvelope: { payload: string } }): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, "base64").toString("utf8"));
  } catch {
    return undefined;
  }
  return isObject(value) ? subjectProblem(value) : undefined;
}

function hasRawBytes(value: unknown): boolean {
  return isObject(value) && typeof value.rawBytes === "string";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
