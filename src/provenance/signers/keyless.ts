import { bundleToJSON } from "@sigstore/bundle";
import { DSSEBundleBuilder, FulcioSigner, RekorWitness, TSAWitness, type Witness } from "@sigstore/sign";
import { GreenlightError } from "../../errors";
import { IN_TOTO_PAYLOAD_TYPE, type SerializedBundle, statementBytes } from "../dsse";
import type { Statement } from "../statement";
import { keylessEndpoints, type SigstoreEndpoints, type SigstoreInstance } from "./instance";
import type { Signer } from "./signer";

export {
  chooseSigstoreInstance,
  SIGSTORE_ENDPOINTS,
  type SigstoreEndpoints,
  type SigstoreInstance,
} from "./instance";

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
    this.endpoints = keylessEndpoints(options);
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
