import { createHash, createPublicKey, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  BUNDLE_V03_MEDIA_TYPE,
  IN_TOTO_PAYLOAD_TYPE,
  pae,
  type SerializedBundle,
} from "../../../src/provenance/dsse";
import { bundleStatement, checkBundleSignature } from "../../../src/provenance/signature";
import {
  chooseSigstoreInstance,
  createSigner,
  generateKeyPair,
  KeySigner,
  keyHint,
} from "../../../src/provenance/signers";
import { buildProvenance } from "../../../src/provenance/statement";
import { GITHUB_ENVS, githubSource, IMAGE_DIGEST } from "../../support/github-context";

const statement = buildProvenance(
  { name: "localhost:5000/shop", digest: IMAGE_DIGEST },
  githubSource(GITHUB_ENVS.push),
);
const keys = generateKeyPair();
const policy = (publicKeyPem: string) => ({ publicKeyPem, requireTestResults: false });

describe("pae", () => {
  it("matches the DSSE specification's example", () => {
    expect(pae("http://example.com/HelloWorld", Buffer.from("hello world")).toString()).toBe(
      "DSSEv1 29 http://example.com/HelloWorld 11 hello world",
    );
  });
  it("counts bytes, not characters", () => {
    expect(pae("t", Buffer.from("é")).toString()).toBe("DSSEv1 1 t 2 é");
  });
});

describe("KeySigner", () => {
  it("writes a v0.3 bundle with a public-key hint, a DSSE envelope and no tlog entries", async () => {
    const bundle = await new KeySigner(keys.privateKeyPem).sign(statement);
    const der = createPublicKey(keys.publicKeyPem).export({ type: "spki", format: "der" });
    expect(bundle.mediaType).toBe(BUNDLE_V03_MEDIA_TYPE);
    expect(bundle.verificationMaterial).toEqual({
      publicKey: { hint: createHash("sha256").update(der).digest("base64") },
      tlogEntries: [],
    });
    expect(bundle.dsseEnvelope.payloadType).toBe(IN_TOTO_PAYLOAD_TYPE);
    expect(bundleStatement(bundle)).toEqual(statement);
    expect(await checkBundleSignature(bundle, policy(keys.publicKeyPem))).toEqual({
      valid: true,
      signer: "key",
    });
  });

  it("is what createSigner returns for key mode", () => {
    expect(createSigner({ mode: "key", privateKeyPem: keys.privateKeyPem }).mode).toBe("key");
  });

  it.each([
    ["an RSA key", () => generateRsa()],
    ["text that is not PEM", () => "not a key"],
  ])("refuses %s and says which key to use", (_, pem) => {
    expect(() => new KeySigner(pem(), "input 'signing-key'")).toThrow(/input 'signing-key'/);
  });
});

describe("checkBundleSignature in key mode", () => {
  const tamper = (bundle: SerializedBundle): SerializedBundle => {
    const changed = { ...statement, subject: [{ name: "evil", digest: { sha256: "ef".repeat(32) } }] };
    return {
      ...bundle,
      dsseEnvelope: {
        ...bundle.dsseEnvelope,
        payload: Buffer.from(JSON.stringify(changed)).toString("base64"),
      },
    };
  };

  it("says the payload was modified after signing", async () => {
    const bundle = tamper(await new KeySigner(keys.privateKeyPem).sign(statement));
    const outcome = await checkBundleSignature(bundle, policy(keys.publicKeyPem));
    expect(outcome).toEqual({
      valid: false,
      detail: expect.stringMatching(/^payload modified after signing/),
    });
  });

  it("says another key signed it", async () => {
    const other = generateKeyPair();
    const bundle = await new KeySigner(other.privateKeyPem).sign(statement);
    const outcome = await checkBundleSignature(bundle, policy(keys.publicKeyPem));
    expect(outcome).toEqual({
      valid: false,
      detail: `signature by another key: the bundle names key ${keyHint(other.publicKeyPem)}, the policy's key is ${keyHint(keys.publicKeyPem)}`,
    });
  });

  it("refuses a key-signed bundle when the policy expects keyless", async () => {
    const bundle = await new KeySigner(keys.privateKeyPem).sign(statement);
    const outcome = await checkBundleSignature(bundle, {
      requireTestResults: false,
      certificateIdentity: "x",
    });
    expect(outcome).toMatchObject({
      valid: false,
      detail: expect.stringMatching(/expects a Sigstore \(keyless\)/),
    });
  });
});

function generateRsa(): string {
  return generateKeyPairSync("rsa", { modulusLength: 1024 })
    .privateKey.export({ type: "pkcs8", format: "pem" })
    .toString();
}

describe("chooseSigstoreInstance", () => {
  it.each([
    ["auto", "public", "public-good"],
    ["auto", "private", "github"],
    ["auto", "internal", "github"],
    ["auto", undefined, "github"],
    ["public-good", "private", "public-good"],
    ["github", "public", "github"],
  ] as const)("%s with a %s repository -> %s", (setting, visibility, expected) => {
    expect(chooseSigstoreInstance(setting, visibility)).toBe(expected);
  });
});

describe("KeylessSigner on a private Sigstore deployment", () => {
  it.each(["public-good", "github"] as const)(
    "uses exactly the deployment's services, none of the %s instance's (its token and entries stay private)",
    (instance) => {
      const deployment = { fulcioUrl: "https://fulcio.corp.example", tsaUrl: "https://tsa.corp.example" };
      const signer = createSigner({ mode: "keyless", instance, identityToken: "t", deployment });
      expect((signer as unknown as { endpoints: unknown }).endpoints).toEqual(deployment);
    },
  );
});
