import type { SerializedBundle } from "../dsse";
import type { Statement } from "../statement";

/** Signs an in-toto statement into a Sigstore bundle v0.3 carrying a DSSE envelope. */
export interface Signer {
  /** `key` (a private key held by the user) or `keyless` (Sigstore, with an OIDC token). */
  readonly mode: "key" | "keyless";
  sign(statement: Statement<unknown>): Promise<SerializedBundle>;
}
