import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
} from "node:crypto";
import { GreenlightError } from "../../errors";
import {
  BUNDLE_V03_MEDIA_TYPE,
  IN_TOTO_PAYLOAD_TYPE,
  pae,
  type SerializedBundle,
  statementBytes,
} from "../dsse";
import type { Statement } from "../statement";
import type { Signer } from "./signer";

/** A new ECDSA P-256 key pair: PKCS#8 private key and SPKI (PKIX) public key, both PEM. */
export function generateKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

/** The public-key hint: base64 of sha256 over the SPKI DER, as sigstore-go and cosign write it. */
export function keyHint(publicKey: KeyObject | string): string {
  const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  const der = key.export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("base64");
}

/** Reads an ECDSA P-256 public key (PEM, SPKI); `what` names the input in the error. */
export function loadPublicKey(pem: string, what = "public key"): KeyObject {
  return checkP256(() => createPublicKey(pem), what);
}

function checkP256(load: () => KeyObject, what: string): KeyObject {
  let key: KeyObject;
  try {
    key = load();
  } catch (error) {
    throw new GreenlightError(`${what} is not a PEM key node can read`, {
      hint: "use an ECDSA P-256 key in PEM (private: PKCS#8, public: SPKI), e.g. from `greenlight keygen`",
      cause: error,
    });
  }
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new GreenlightError(`${what} is a ${key.asymmetricKeyType} key, not ECDSA P-256`, {
      hint: "generate one with `greenlight keygen` (or `cosign generate-key-pair` exported to PKCS#8)",
    });
  }
  return key;
}

/**
 * Signs with a user-held ECDSA P-256 key. The bundle carries only a public-key hint and no
 * transparency-log entry: verifiers need the public key (cosign: `--key pub.pem --insecure-ignore-tlog`).
 */
export class KeySigner implements Signer {
  readonly mode = "key";
  private readonly privateKey: KeyObject;
  readonly hint: string;

  constructor(privateKeyPem: string, what = "signing key") {
    this.privateKey = checkP256(() => createPrivateKey(privateKeyPem), what);
    this.hint = keyHint(createPublicKey(this.privateKey));
  }

  async sign(statement: Statement<unknown>): Promise<SerializedBundle> {
    const payload = statementBytes(statement);
    const signature = sign("sha256", pae(IN_TOTO_PAYLOAD_TYPE, payload), this.privateKey);
    return {
      mediaType: BUNDLE_V03_MEDIA_TYPE,
      verificationMaterial: { publicKey: { hint: this.hint }, tlogEntries: [] },
      dsseEnvelope: {
        payload: payload.toString("base64"),
        payloadType: IN_TOTO_PAYLOAD_TYPE,
        signatures: [{ sig: signature.toString("base64"), keyid: "" }],
      },
    };
  }
}
