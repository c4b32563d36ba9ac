import { describe, expect, it } from "vitest";
import { bundleProblem, subjectProblem } from "../../../src/provenance/bundle-shape";

const envelope = {
  payload: "e30=",
  payloadType: "application/vnd.in-toto+json",
  signatures: [{ sig: "AA==" }],
};
const good = {
  mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
  verificationMaterial: {},
  dsseEnvelope: envelope,
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
      { ...good, dsseEnvelope: { ...envelope, payload: 1 } },
      "the DSSE envelope has no payload or payloadType",
    ],
    [
      "empty signatures",
      { ...good, dsseEnvelope: { ...envelope, signatures: [] } },
      "the DSSE envelope has no signatures",
    ],
    [
      "signatures not a list",
      { ...good, dsseEnvelope: { ...envelope, signatures: "AA==" } },
      "the DSSE envelope has no signatures",
    ],
    [
      "a signature without sig",
      { ...good, dsseEnvelope: { ...envelope, signatures: [{ sig: "AA==" }, {}] } },
      "DSSE signature 1 has no 'sig'",
    ],
    [
      "a null signature",
      { ...good, dsseEnvelope: { ...envelope, signatures: [null] } },
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
