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

/** The signer to make: a key, or keyless with its Sigstore instance (chosen from the SigningConfig of config.ts). */
export type SignerSpec =
  | { mode: "key"; privateKeyPem: string }
  | ({ mode: "keyless" } & KeylessSignerOptions);

/** The one Signer for a configuration. */
export function createSigner(spec: SignerSpec): Signer {
  return spec.mode === "key" ? new KeySigner(spec.privateKeyPem) : new KeylessSigner(spec);
}
