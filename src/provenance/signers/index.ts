import { KeySigner } from "./key";
import { KeylessSigner, type KeylessSignerOptions } from "./keyless";
import type { Signer } from "./signer";

export { generateKeyPair, KeySigner, keyHint, loadPublicKey } from "./key";
export {
  chooseSigstoreInstance,
  KeylessSigner,
  SIGSTORE_ENDPOINTS,
  type SigstoreEndpoints,
  type SigstoreInstance,
} from "./keyless";
export type { Signer } from "./signer";

/** How to sign, chosen once from the configuration. */
export type SigningConfig =
  | { mode: "key"; privateKeyPem: string }
  | ({ mode: "keyless" } & KeylessSignerOptions);

/** The one Signer for a configuration. */
export function createSigner(config: SigningConfig): Signer {
  return config.mode === "key" ? new KeySigner(config.privateKeyPem) : new KeylessSigner(config);
}
