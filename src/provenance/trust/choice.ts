import type { SigstoreInstance } from "../signers/keyless";

// Which Sigstore trust material verifies a keyless bundle, decided from the settings and the
// certificate's issuer. Pure; loading the material is trust/material.ts.

/** Where keyless verification takes its trust material from, as configured. */
export interface TrustSettings {
  /** `sigstore-instance`; `auto` picks the instance whose Fulcio issued the bundle's certificate. */
  instance: SigstoreInstance | "auto";
  /** `trusted-root`: trusted_root.json content read at the edge; when set, nothing is fetched. */
  trustedRoot?: TrustedRootFile;
  /** Where TUF metadata is cached between runs. */
  tufCacheDir?: string;
}

/** A trusted_root.json file: one trusted root, or several as JSON lines (`gh attestation trusted-root`). */
export interface TrustedRootFile {
  path: string;
  roots: unknown[];
}

/** The TUF mirror each instance publishes its trusted root on (as sigstore-js and `gh attestation` use). */
export const TUF_MIRRORS: Record<SigstoreInstance, string> = {
  "public-good": "https://tuf-repo-cdn.sigstore.dev",
  github: "https://tuf-repo.github.com",
};

/**
 * The organization in each instance's Fulcio issuer name: public-good's `CN=sigstore-intermediate,
 * O=sigstore.dev`, GitHub's `CN=Fulcio Intermediate l2, O=GitHub, Inc.`.
 */
const FULCIO_ORGANIZATIONS: Record<string, SigstoreInstance> = {
  "sigstore.dev": "public-good",
  "GitHub, Inc.": "github",
};

/** The parts of an X.509 name the choice looks at. */
export interface IssuerName {
  organization?: string;
  commonName?: string;
}

export type TrustChoice =
  | { source: "trusted-root"; file: TrustedRootFile; instance: SigstoreInstance | undefined }
  | { source: "tuf"; instance: SigstoreInstance; mirrorUrl: string };

/** The instance whose Fulcio issued a certificate, or undefined for any other CA. */
export function instanceOfIssuer(issuer: IssuerName): SigstoreInstance | undefined {
  return FULCIO_ORGANIZATIONS[issuer.organization ?? ""];
}

/**
 * The trust material for a certificate: the `trusted-root` file when one is given; otherwise the
 * configured instance's TUF root, or with `auto` the root of the instance whose Fulcio issued it.
 * Returns a problem (for the refusal) when auto meets a certificate from neither instance.
 */
export function chooseTrust(settings: TrustSettings, issuer: IssuerName): TrustChoice | { problem: string } {
  const instance = settings.instance === "auto" ? instanceOfIssuer(issuer) : settings.instance;
  if (settings.trustedRoot) return { source: "trusted-root", file: settings.trustedRoot, instance };
  if (!instance) {
    return {
      problem:
        `the certificate was issued by ${formatName(issuer)}, which is neither public-good Sigstore's Fulcio ` +
        "(O=sigstore.dev) nor GitHub's (O=GitHub, Inc.): set 'trusted-root' to that instance's trusted_root.json",
    };
  }
  return { source: "tuf", instance, mirrorUrl: TUF_MIRRORS[instance] };
}

/** How a choice is named in the log and the verification report. */
export function describeTrust(choice: TrustChoice): string {
  if (choice.source === "trusted-root") return `the trusted root in ${choice.file.path} (input trusted-root)`;
  const name = choice.instance === "github" ? "GitHub's Sigstore instance" : "public-good Sigstore";
  return `${name} (TUF mirror ${choice.mirrorUrl})`;
}

/** What a bundle must carry besides a valid certificate chain; the options of @sigstore/verify's Verifier. */
export interface Thresholds {
  tlogThreshold: number;
  ctlogThreshold: number;
  timestampThreshold: number;
}

/**
 * Public-good Sigstore: a Rekor entry, an SCT and a timestamp (Rekor's counts). GitHub's instance has
 * no transparency log: an RFC 3161 timestamp (what `gh attestation verify` requires). Another
 * instance's root (GHES, a test double): a log entry and an SCT when the root lists a log for them.
 */
export function thresholdsFor(
  instance: SigstoreInstance | undefined,
  root: { tlogs: unknown[]; ctlogs: unknown[] },
): Thresholds {
  if (instance === "public-good") return { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 };
  if (instance === "github") return { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 1 };
  return {
    tlogThreshold: root.tlogs.length > 0 ? 1 : 0,
    ctlogThreshold: root.ctlogs.length > 0 ? 1 : 0,
    timestampThreshold: 1,
  };
}

function formatName(name: IssuerName): string {
  const parts = [
    name.commonName !== undefined ? `CN=${name.commonName}` : "",
    name.organization !== undefined ? `O=${name.organization}` : "",
  ].filter(Boolean);
  return parts.length > 0 ? `'${parts.join(", ")}'` : "an unnamed CA";
}
