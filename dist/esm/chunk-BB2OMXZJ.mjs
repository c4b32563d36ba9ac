import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  BUNDLE_V03_MEDIA_TYPE,
  IN_TOTO_PAYLOAD_TYPE,
  pae,
  statementBytes
} from "./chunk-65AIQVL5.mjs";
import {
  GreenlightError
} from "./chunk-XAPMUR2Q.mjs";

// src/provenance/signers/key.ts
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign
} from "node:crypto";
function generateKeyPair() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString()
  };
}
function keyHint(publicKey) {
  const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  const der = key.export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("base64");
}
function loadPublicKey(pem, what = "public key") {
  return checkP256(() => createPublicKey(pem), what);
}
function checkP256(load, what) {
  let key;
  try {
    key = load();
  } catch (error) {
    throw new GreenlightError(`${what} is not a PEM key node can read`, {
      hint: "use an ECDSA P-256 key in PEM (private: PKCS#8, public: SPKI), e.g. from `greenlight keygen`",
      cause: error
    });
  }
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new GreenlightError(`${what} is a ${key.asymmetricKeyType} key, not ECDSA P-256`, {
      hint: "generate one with `greenlight keygen` (or `cosign generate-key-pair` exported to PKCS#8)"
    });
  }
  return key;
}
var KeySigner = class {
  mode = "key";
  privateKey;
  hint;
  constructor(privateKeyPem, what = "signing key") {
    this.privateKey = checkP256(() => createPrivateKey(privateKeyPem), what);
    this.hint = keyHint(createPublicKey(this.privateKey));
  }
  async sign(statement) {
    const payload = statementBytes(statement);
    const signature = sign("sha256", pae(IN_TOTO_PAYLOAD_TYPE, payload), this.privateKey);
    return {
      mediaType: BUNDLE_V03_MEDIA_TYPE,
      verificationMaterial: { publicKey: { hint: this.hint }, tlogEntries: [] },
      dsseEnvelope: {
        payload: payload.toString("base64"),
        payloadType: IN_TOTO_PAYLOAD_TYPE,
        signatures: [{ sig: signature.toString("base64"), keyid: "" }]
      }
    };
  }
};

export {
  generateKeyPair,
  keyHint,
  loadPublicKey,
  KeySigner
};
//# sourceMappingURL=chunk-BB2OMXZJ.mjs.map
