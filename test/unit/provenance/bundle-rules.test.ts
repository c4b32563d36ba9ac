import { describe, expect, it } from "vitest";
import {
  bundleProblem,
  bundleShapeProblem,
  readStatement,
  subjectProblem,
} from "../../../src/provenance/bundle-rules";
import type { SerializedBundle } from "../../../src/provenance/dsse";

const V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";
const statement = {
  _type: "https://in-toto.io/Statement/v1",
  subject: [{ name: "ghcr.io/acme/shop", digest: { sha256: "ab".repeat(32) } }],
  predicateType: "https://slsa.dev/provenance/v1",
  predicate: {},
};
const payload = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");
const bundle = (
  extra: Partial<SerializedBundle> = {},
  material: object = { certificate: { rawBytes: "Y2VydA==" } },
) =>
  ({
    mediaType: V03,
    verificationMaterial: { tlogEntries: [], ...material },
    dsseEnvelope: {
      payload: payload(statement),
      payloadType: "application/vnd.in-toto+json",
      signatures: [{ sig: "c2ln", keyid: "" }],
    },
    ...extra,
  }) as SerializedBundle;

describe("bundleShapeProblem", () => {
  it.each([
    ["a v0.3 bundle with one certificate", bundle()],
    ["a v0.3 bundle with one public-key hint", bundle({}, { publicKey: { hint: "h" } })],
  ])("accepts %s", (_, given) => {
    expect(bundleShapeProblem(given)).toBeUndefined();
  });

  it.each([
    [
      "v0.1",
      bundle({ mediaType: "application/vnd.dev.sigstore.bundle+json;version=0.1" }),
      /media type .*version=0\.1 is refused: greenlight accepts only Sigstore bundle v0\.3/,
    ],
    [
      "v0.2",
      bundle({ mediaType: "application/vnd.dev.sigstore.bundle+json;version=0.2" }),
      /version=0\.2 is refused/,
    ],
    [
      "v0.3 in its legacy spelling",
      bundle({ mediaType: "application/vnd.dev.sigstore.bundle+json;version=0.3" }),
      /version=0\.3 is refused/,
    ],
    [
      "no media type",
      bundle({ mediaType: undefined as unknown as string }),
      /media type \(none\) is refused/,
    ],
    [
      "a certificate and a chain",
      bundle(
        {},
        { certificate: { rawBytes: "YQ==" }, x509CertificateChain: { certificates: [{ rawBytes: "Yg==" }] } },
      ),
      /both a certificate and a certificate chain/,
    ],
    [
      "a chain only",
      bundle({}, { x509CertificateChain: { certificates: [{ rawBytes: "Yg==" }] } }),
      /a certificate chain \(x509CertificateChain\), which Sigstore bundle v0\.3 does not allow/,
    ],
    [
      "a certificate and a public key",
      bundle({}, { certificate: { rawBytes: "YQ==" }, publicKey: { hint: "h" } }),
      /both a certificate and a public-key hint/,
    ],
    ["no DSSE envelope", bundle({ dsseEnvelope: undefined as never }), /no DSSE envelope/],
  ])("refuses %s", (_, given, why) => {
    expect(bundleShapeProblem(given)).toMatch(why);
  });
});

describe("readStatement", () => {
  const envelope = (payloadType: string, body: string) =>
    bundle({ dsseEnvelope: { payloadType, payload: body, signatures: [] } });
  const IN_TOTO = "application/vnd.in-toto+json";
  it("reads an in-toto Statement v1, and v0.1 as cosign attest writes it", () => {
    expect(readStatement(bundle())).toEqual({ statement });
    const v01 = { ...statement, _type: "https://in-toto.io/Statement/v0.1" };
    const byCosign = bundle({
      dsseEnvelope: { payloadType: "application/vnd.in-toto+json", payload: payload(v01), signatures: [] },
    });
    expect(readStatement(byCosign)).toEqual({ statement: v01 });
  });
  it.each([
    [
      "payloadType application/json",
      envelope("application/json", payload(statement)),
      "DSSE payloadType application/json is not an in-toto statement's (application/vnd.in-toto+json)",
    ],
    [
      "no payloadType",
      envelope("", payload(statement)),
      "DSSE payloadType (none) is not an in-toto statement's (application/vnd.in-toto+json)",
    ],
    [
      "a payload that is not JSON",
      envelope(IN_TOTO, Buffer.from("{").toString("base64")),
      "the DSSE payload is not JSON, so not an in-toto statement",
    ],
    [
      "an in-toto link (_type link)",
      envelope(IN_TOTO, payload({ ...statement, _type: "link" })),
      "statement _type link is refused: only an in-toto Statement (https://in-toto.io/Statement/v1 or https://in-toto.io/Statement/v0.1) counts",
    ],
    [
      "no _type",
      envelope(IN_TOTO, payload({ ...statement, _type: undefined })),
      "statement _type (none) is refused: only an in-toto Statement (https://in-toto.io/Statement/v1 or https://in-toto.io/Statement/v0.1) counts",
    ],
    [
      "a subject of [null]",
      envelope(IN_TOTO, payload({ ...statement, subject: [null] })),
      "statement subject 0 is not an object with a digest",
    ],
    [
      "an empty subject",
      envelope(IN_TOTO, payload({ ...statement, subject: [] })),
      "the statement has no subject",
    ],
    [
      "no predicateType",
      envelope(IN_TOTO, payload({ ...statement, predicateType: 7 })),
      "the statement has no predicateType",
    ],
  ])("does not count %s", (_, given, problem) => {
    expect(readStatement(given)).toEqual({ problem });
  });
});

const shapeEnvelope = {
  payload: "e30=",
  payloadType: "application/vnd.in-toto+json",
  signatures: [{ sig: "AA==" }],
};
const good = {
  mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
  verificationMaterial: {},
  dsseEnvelope: shapeEnvelope,
};

describe("bundleProblem", () => {
  it.each<[string, unknown, string | undefined]>([
    ["a usable bundle", good, undefined],
    ["null", null, "the bundle is not a JSON object"],
    ["a list", [good], "the bundle is not a JSON object"],
    ["a string", "x", "the bundle is not a JSON object"],
    [
      "no verificationMaterial",
      { ...good, verificationMaterial: undefined },
      "the bundle has no verificationMaterial",
    ],
    [
      "a certificate without rawBytes",
      { ...good, verificationMaterial: { certificate: {} } },
      "the bundle's certificate has no rawBytes",
    ],
    [
      "a chain that is not a list",
      { ...good, verificationMaterial: { x509CertificateChain: {} } },
      "the bundle's x509CertificateChain is not a list of certificates",
    ],
    ["no DSSE envelope", { ...good, dsseEnvelope: undefined }, "the bundle carries no DSSE envelope"],
    [
      "no payload",
      { ...good, dsseEnvelope: { ...shapeEnvelope, payload: 1 } },
      "the DSSE envelope has no payload or payloadType",
    ],
    [
      "empty signatures",
      { ...good, dsseEnvelope: { ...shapeEnvelope, signatures: [] } },
      "the DSSE envelope has no signatures",
    ],
    [
      "signatures not a list",
      { ...good, dsseEnvelope: { ...shapeEnvelope, signatures: "AA==" } },
      "the DSSE envelope has no signatures",
    ],
    [
      "a signature without sig",
      { ...good, dsseEnvelope: { ...shapeEnvelope, signatures: [{ sig: "AA==" }, {}] } },
      "DSSE signature 1 has no 'sig'",
    ],
    [
      "a null signature",
      { ...good, dsseEnvelope: { ...shapeEnvelope, signatures: [null] } },
      "DSSE signature 0 has no 'sig'",
    ],
  ])("%s", (_name, bundle, problem) => {
    expect(bundleProblem(bundle)).toBe(problem);
  });
});

describe("subjectProblem", () => {
  it.each<[string, unknown, string | undefined]>([
    ["a usable subject", [{ name: "x", digest: { sha256: "ab" } }], undefined],
    ["[null]", [null], "statement subject 0 is not an object with a digest"],
    ["no digest", [{ name: "x" }], "statement subject 0 is not an object with a digest"],
    [
      "a digest that is not a map of strings",
      [{ name: "x", digest: { sha256: 1 } }],
      "statement subject 0 is not an object with a digest",
    ],
    [
      "the second entry bad",
      [{ digest: { sha256: "ab" } }, "x"],
      "statement subject 1 is not an object with a digest",
    ],
    ["an empty list", [], "the statement has no subject"],
    ["not a list", { digest: { sha256: "ab" } }, "the statement has no subject"],
  ])("%s", (_name, subject, problem) => {
    expect(subjectProblem({ subject })).toBe(problem);
  });
});
