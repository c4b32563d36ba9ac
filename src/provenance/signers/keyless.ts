import { bundleToJSON } from "@sigstore/bundle";
import { DSSEBundleBuilder, FulcioSigner, RekorWitness, TSAWitness, type Witness } from "@sigstore/sign";
import { GreenlightError } from "../../errors";
import { IN_TOTO_PAYLOAD_TYPE, type SerializedBundle, statementBytes } from "../dsse";
import type { Statement } from "../statement";
import type { Signer } from "./signer";

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

export interface KeylessSignerOptions {
  instance: SigstoreInstance;
  /** The workflow's OIDC token (audience `sigstore`), or a function that fetches one. */
  identityToken: string | (() => Promise<string>);
  /** Replaces some of the instance's URLs (tests). */
  endpoints?: Partial<SigstoreEndpoints>;
  /** A private Sigstore deployment: exactly these services, none of the instance's. */
  deployment?: SigstoreEndpoints;
  timeoutMs?: number;
  retries?: number;
}

/** Signs with a short-lived Fulcio certificate bound to the workflow's OIDC identity. */
export class KeylessSigner implements Signer {
  readonly mode = "keyless";
  readonly endpoints: SigstoreEndpoints;
  private readonly builder: DSSEBundleBuilder;

  constructor(options: KeylessSignerOptions) {
    this.endpoints = options.deployment ?? { ...SIGSTORE_ENDPOINTS[options.instance], ...options.endpoints };
    const fetchOptions = { timeout: options.timeoutMs ?? 10_000, retry: options.retries ?? 3 };
    const token = options.identityToken;
    const signer = new FulcioSigner({
      identityProvider: { getToken: async () => (typeof token === "string" ? token : token()) },
      fulcioBaseURL: this.endpoints.fulcioUrl,
      ...fetchOptions,
    });
    const witnesses: Witness[] = [];
    if (this.endpoints.rekorUrl) {
      witnesses.push(
        new RekorWitness({ rekorBaseURL: this.endpoints.rekorUrl, entryType: "dsse", ...fetchOptions }),
      );
    }
    if (this.endpoints.tsaUrl) {
      witnesses.push(new TSAWitness({ tsaBaseURL: this.endpoints.tsaUrl, ...fetchOptions }));
    }
    this.builder = new DSSEBundleBuilder({ signer, witnesses });
  }

  async sign(statement: Statement<unknown>): Promise<SerializedBundle> {
    try {
      const bundle = await this.builder.create({
        data: statementBytes(statement),
        type: IN_TOTO_PAYLOAD_TYPE,
      });
      return bundleToJSON(bundle) as unknown as SerializedBundle;
    } catch (error) {
      throw new GreenlightError(`keyless signing failed (Fulcio ${this.endpoints.fulcioUrl})`, {
        hint: "the job needs `permissions: id-token: write`; for a private repository use the github instance",
        cause: error,
      });
    }
  }
}
