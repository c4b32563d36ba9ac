import { describe, expect, it } from "vitest";
import {
  chooseTrust,
  describeTrust,
  type IssuerName,
  instanceOfIssuer,
  type TrustSettings,
  thresholdsFor,
} from "../../../../src/provenance/trust/choice";

const PUBLIC_GOOD: IssuerName = { organization: "sigstore.dev", commonName: "sigstore-intermediate" };
const GITHUB: IssuerName = { organization: "GitHub, Inc.", commonName: "Fulcio Intermediate l2" };
const OTHER: IssuerName = { organization: "sigstore.mock", commonName: "sigstore" };
const FILE = { path: "trusted_root.json", roots: [{}] };

describe("instanceOfIssuer", () => {
  it.each([
    [PUBLIC_GOOD, "public-good"],
    [GITHUB, "github"],
    [OTHER, undefined],
    [{ commonName: "Fulcio Intermediate l2" }, undefined],
    [{}, undefined],
  ] as const)("%j → %s", (issuer, instance) => {
    expect(instanceOfIssuer(issuer)).toBe(instance);
  });
});

describe("chooseTrust", () => {
  const settings = (extra: Partial<TrustSettings> = {}): TrustSettings => ({ instance: "auto", ...extra });
  it.each([
    // auto: the instance whose Fulcio issued the certificate, through its TUF mirror
    [
      settings(),
      PUBLIC_GOOD,
      { source: "tuf", instance: "public-good", mirrorUrl: "https://tuf-repo-cdn.sigstore.dev" },
    ],
    [settings(), GITHUB, { source: "tuf", instance: "github", mirrorUrl: "https://tuf-repo.github.com" }],
    // an explicit instance wins over the issuer
    [
      settings({ instance: "github" }),
      PUBLIC_GOOD,
      { source: "tuf", instance: "github", mirrorUrl: "https://tuf-repo.github.com" },
    ],
    [
      settings({ instance: "public-good" }),
      OTHER,
      { source: "tuf", instance: "public-good", mirrorUrl: "https://tuf-repo-cdn.sigstore.dev" },
    ],
    // a trusted-root file replaces TUF; the instance still names the thresholds
    [settings({ trustedRoot: FILE }), GITHUB, { source: "trusted-root", file: FILE, instance: "github" }],
    [settings({ trustedRoot: FILE }), OTHER, { source: "trusted-root", file: FILE, instance: undefined }],
    [
      settings({ trustedRoot: FILE, instance: "public-good" }),
      GITHUB,
      { source: "trusted-root", file: FILE, instance: "public-good" },
    ],
  ] as const)("%j with issuer %j", (given, issuer, expected) => {
    expect(chooseTrust(given, issuer)).toEqual(expected);
  });

  it("refuses an unknown issuer in auto without a trusted root, saying what to set", () => {
    expect(chooseTrust(settings(), OTHER)).toEqual({
      problem:
        "the certificate was issued by 'CN=sigstore, O=sigstore.mock', which is neither public-good Sigstore's Fulcio (O=sigstore.dev) nor GitHub's (O=GitHub, Inc.): set 'trusted-root' to that instance's trusted_root.json",
    });
  });
});

describe("describeTrust", () => {
  it.each([
    [
      { source: "tuf", instance: "github", mirrorUrl: "https://tuf-repo.github.com" },
      "GitHub's Sigstore instance (TUF mirror https://tuf-repo.github.com)",
    ],
    [
      { source: "tuf", instance: "public-good", mirrorUrl: "https://tuf-repo-cdn.sigstore.dev" },
      "public-good Sigstore (TUF mirror https://tuf-repo-cdn.sigstore.dev)",
    ],
    [
      { source: "trusted-root", file: FILE, instance: undefined },
      "the trusted root in trusted_root.json (input trusted-root)",
    ],
  ] as const)("%j", (choice, text) => {
    expect(describeTrust(choice)).toBe(text);
  });
});

describe("thresholdsFor", () => {
  const root = (tlogs: number, ctlogs: number) => ({
    tlogs: Array(tlogs).fill({}),
    ctlogs: Array(ctlogs).fill({}),
  });
  it.each([
    ["public-good", root(0, 0), { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 }],
    ["github", root(1, 1), { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 1 }],
    [undefined, root(1, 1), { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 }],
    [undefined, root(0, 1), { tlogThreshold: 0, ctlogThreshold: 1, timestampThreshold: 1 }],
    [undefined, root(0, 0), { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 1 }],
  ] as const)("%s with %j", (instance, given, expected) => {
    expect(thresholdsFor(instance, given)).toEqual(expected);
  });
});
