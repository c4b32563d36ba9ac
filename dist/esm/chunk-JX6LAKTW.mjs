import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  keyHint,
  loadPublicKey
} from "./chunk-BB2OMXZJ.mjs";
import {
  STATEMENT_TYPE
} from "./chunk-ARYB7FQK.mjs";
import {
  BUNDLE_V03_MEDIA_TYPE,
  IN_TOTO_PAYLOAD_TYPE,
  pae
} from "./chunk-65AIQVL5.mjs";

// src/provenance/signature.ts
import { verify as verifySignature } from "node:crypto";

// src/provenance/bundle-rules.ts
var STATEMENT_TYPES = [STATEMENT_TYPE, "https://in-toto.io/Statement/v0.1"];
function bundleShapeProblem(bundle) {
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
  return void 0;
}
function readStatement(bundle) {
  const envelope = bundle?.dsseEnvelope;
  if (!envelope) return { problem: "the bundle carries no DSSE envelope" };
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    return {
      problem: `DSSE payloadType ${envelope.payloadType || "(none)"} is not an in-toto statement's (${IN_TOTO_PAYLOAD_TYPE})`
    };
  }
  let value;
  try {
    value = JSON.parse(Buffer.from(envelope.payload ?? "", "base64").toString("utf8"));
  } catch {
    return { problem: "the DSSE payload is not JSON, so not an in-toto statement" };
  }
  const statement = value ?? {};
  if (typeof statement._type !== "string" || !STATEMENT_TYPES.includes(statement._type)) {
    return {
      problem: `statement _type ${String(statement._type ?? "(none)")} is refused: only an in-toto Statement (${STATEMENT_TYPES.join(" or ")}) counts`
    };
  }
  const subject = subjectProblem(statement);
  if (subject) return { problem: subject };
  if (typeof statement.predicateType !== "string") return { problem: "the statement has no predicateType" };
  return { statement: value };
}
function bundleProblem(bundle) {
  if (!isObject(bundle)) return "the bundle is not a JSON object";
  const material = bundle.verificationMaterial;
  if (!isObject(material)) return "the bundle has no verificationMaterial";
  if (material.certificate !== void 0 && !hasRawBytes(material.certificate)) {
    return "the bundle's certificate has no rawBytes";
  }
  const chain = material.x509CertificateChain;
  if (chain !== void 0 && !(isObject(chain) && Array.isArray(chain.certificates) && chain.certificates.every(hasRawBytes))) {
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
  return void 0;
}
function subjectProblem(statement) {
  const subject = statement.subject;
  if (!Array.isArray(subject) || subject.length === 0) return "the statement has no subject";
  const bad = subject.findIndex(
    (s) => !isObject(s) || !isObject(s.digest) || !Object.values(s.digest).every((value) => typeof value === "string")
  );
  if (bad >= 0) return `statement subject ${bad} is not an object with a digest`;
  return void 0;
}
function payloadSubjectProblem(bundle) {
  let value;
  try {
    value = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, "base64").toString("utf8"));
  } catch {
    return void 0;
  }
  return isObject(value) ? subjectProblem(value) : void 0;
}
function hasRawBytes(value) {
  return isObject(value) && typeof value.rawBytes === "string";
}
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// src/provenance/signature.ts
async function checkBundleSignature(bundle, policy) {
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
        detail: "signed by another key: the bundle was signed keylessly (a Fulcio certificate), the policy names a public key"
      };
    }
    return checkWithKey(envelope, material.publicKey?.hint ?? "", policy.publicKeyPem);
  }
  if (!material.certificate) {
    return {
      valid: false,
      detail: "signed by another key: the bundle was signed with a private key, the policy expects a Sigstore (keyless) identity"
    };
  }
  const { checkKeyless } = await import("./chunk-NOMYBBQQ.mjs");
  return checkKeyless(bundle, policy);
}
async function bundleEvidence(source, bundle, policy) {
  const reading = readStatement(bundle);
  return {
    source,
    signature: await checkBundleSignature(bundle, policy),
    ..."statement" in reading ? { statement: reading.statement } : { statementProblem: reading.problem }
  };
}
function checkWithKey(envelope, hint, publicKeyPem) {
  const key = loadPublicKey(publicKeyPem, "the policy's public key");
  const signed = pae(envelope.payloadType, Buffer.from(envelope.payload, "base64"));
  const ok = envelope.signatures.some(
    (s) => verifySignature("sha256", signed, key, Buffer.from(s.sig, "base64"))
  );
  if (ok) return { valid: true, signer: "key" };
  const expected = keyHint(key);
  if (hint && hint !== expected) {
    return {
      valid: false,
      detail: `signature by another key: the bundle names key ${hint}, the policy's key is ${expected}`
    };
  }
  return {
    valid: false,
    detail: "payload modified after signing: the signature does not match the payload under the policy's key"
  };
}
function bundleStatement(bundle) {
  const reading = readStatement(bundle);
  return "statement" in reading ? reading.statement : void 0;
}

export {
  bundleProblem,
  payloadSubjectProblem,
  bundleEvidence,
  bundleStatement
};
//# sourceMappingURL=chunk-JX6LAKTW.mjs.map
