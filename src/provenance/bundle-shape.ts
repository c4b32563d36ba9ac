// Attached bundles are untrusted input: anyone who can push to the repository can attach one.
// These checks say why one is malformed, so that verification skips it (with a warning) instead of
// tripping over it. Pure.

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

function hasRawBytes(value: unknown): boolean {
  return isObject(value) && typeof value.rawBytes === "string";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
