// The Sigstore instances keyless signing can use: kept apart from the signer so choosing one does
// not load @sigstore/sign.

/** Which Sigstore instance signs: the public one, or GitHub's (for private repositories). */
export type SigstoreInstance = "public-good" | "github";

/** Service URLs for one Sigstore instance; a missing rekorUrl means no transparency log. */
export interface SigstoreEndpoints {
  fulcioUrl: string;
  rekorUrl?: string;
  tsaUrl?: string;
}

/** The URLs actions/attest uses for each instance. */
export const SIGSTORE_ENDPOINTS: Record<SigstoreInstance, SigstoreEndpoints> = {
  "public-good": { fulcioUrl: "https://fulcio.sigstore.dev", rekorUrl: "https://rekor.sigstore.dev" },
  github: {
    fulcioUrl: "https://fulcio.githubapp.com",
    tsaUrl: "https://timestamp.githubapp.com/api/v1/timestamp",
  },
};

/**
 * The instance for a setting: an explicit choice wins; `auto` signs public repositories on the
 * public-good instance and everything else (private, internal, unknown) on GitHub's, as actions/attest does.
 */
export function chooseSigstoreInstance(
  setting: SigstoreInstance | "auto",
  repositoryVisibility: string | undefined,
): SigstoreInstance {
  if (setting !== "auto") return setting;
  return repositoryVisibility === "public" ? "public-good" : "github";
}

/** The services a keyless signer uses: exactly a private deployment's, else the instance's with any overrides. */
export function keylessEndpoints(options: {
  instance: SigstoreInstance;
  endpoints?: Partial<SigstoreEndpoints>;
  deployment?: SigstoreEndpoints;
}): SigstoreEndpoints {
  return options.deployment ?? { ...SIGSTORE_ENDPOINTS[options.instance], ...options.endpoints };
}
