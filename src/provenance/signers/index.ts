import { keylessEndpoints, type SigstoreEndpoints } from "./instance";
import { KeySigner } from "./key";
import type { KeylessSignerOptions } from "./keyless";
import type { Signer } from "./signer";

export {
  chooseSigstoreInstance,
  SIGSTORE_ENDPOINTS,
  type SigstoreEndpoints,
  type SigstoreInstance,
} from "./instance";
export { generateKeyPair, KeySigner, keyHint, loadPublicKey } from "./key";
export type { KeylessSignerOptions } from "./keyless";
export type { Signer } from "./signer";

/** The signer to make: a key, or keyless with its Sigstore instance (chosen from the SigningConfig of config.ts). */
export type SignerSpec =
  | { mode: "key"; privateKeyPem: string }
  | ({ mode: "keyless" } & KeylessSignerOptions);

/**
 * The one Signer for a configuration. The keyless signer (and with it @sigstore/sign) is loaded when
 * it first signs, so a run that signs with a key, or not at all, never parses it.
 */
export function createSigner(spec: SignerSpec): Signer & { endpoints?: SigstoreEndpoints } {
  if (spec.mode === "key") return new KeySigner(spec.privateKeyPem);
  let keyless: Promise<Signer> | undefined;
  return {
    mode: "keyless",
    endpoints: keylessEndpoints(spec),
    sign: async (statement) => {
      keyless ??= import("./keyless").then(({ KeylessSigner }) => new KeylessSigner(spec));
      return (await keyless).sign(statement);
    },
  };
}
