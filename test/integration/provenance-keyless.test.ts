// Keyless signing against @sigstore/mock's Fulcio, Rekor and TSA handlers served on a loopback HTTP
// server: the public Sigstore services (and GitHub's instance) cannot be reached from here, and a
// real OIDC token cannot be minted outside a GitHub Actions job.
import { createHash, generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  fulcioHandler,
  type HandlerFn,
  initializeCA,
  initializeCTLog,
  initializeTLog,
  initializeTSA,
  rekorHandler,
  tsaHandler,
} from "@sigstore/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachAttestation } from "../../src/provenance/attach";
import { contextFromGitHubEnv } from "../../src/provenance/context";
import type { SerializedBundle } from "../../src/provenance/dsse";
import { evaluatePolicy, type Policy } from "../../src/provenance/policy";
import { bundleStatement, checkBundleSignature } from "../../src/provenance/signature";
import { KeylessSigner, SIGSTORE_ENDPOINTS } from "../../src/provenance/signers";
import { buildProvenance, SLSA_PROVENANCE_V1 } from "../../src/provenance/statement";
import { verifyDigest } from "../../src/provenance/verify";
import { pushTinyImage, stackRegistries } from "../fixtures/provenance/tiny-image";
import { GITHUB_ENVS, IMAGE_DIGEST } from "../support/github-context";
import { loadStack, uniqueRepo } from "../support/stack";

const WORKFLOW = "octo-org/shop/.github/workflows/release.yml@refs/tags/v1.4.0";
const ISSUER = "https://token.actions.githubusercontent.com";

/** An unsigned JWT with GitHub's claims; the mock Fulcio decodes it without checking a signature. */
function githubToken(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const claims = {
    iss: ISSUER,
    aud: "sigstore",
    sub: "repo:octo-org/shop:ref:refs/tags/v1.4.0",
    san: `https://github.com/${WORKFLOW}`,
    repository: "octo-org/shop",
    ref: "refs/tags/v1.4.0",
    sha: GITHUB_ENVS.tag.GITHUB_SHA,
    job_workflow_ref: WORKFLOW,
    event_name: "push",
    run_id: "9876543210",
    run_attempt: "2",
  };
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
}

/** What Rekor stores for a proposed dsse v0.0.1 entry. */
function rekorDsseEntry(proposed: { spec: { proposedContent: { envelope: string; verifiers: string[] } } }) {
  const { envelope, verifiers } = proposed.spec.proposedContent;
  const parsed = JSON.parse(envelope) as { payload: string; signatures: { sig: string }[] };
  const sha256 = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");
  return {
    apiVersion: "0.0.1",
    kind: "dsse",
    spec: {
      envelopeHash: { algorithm: "sha256", value: sha256(envelope) },
      payloadHash: { algorithm: "sha256", value: sha256(Buffer.from(parsed.payload, "base64")) },
      signatures: parsed.signatures.map((s) => ({ signature: s.sig, verifier: verifiers[0] })),
    },
  };
}

const keyPair = () => generateKeyPairSync("ec", { namedCurve: "P-256" });
const b64 = (bytes: ArrayBufferView | Buffer) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");

describe("KeylessSigner with a mock Sigstore", () => {
  let server: Server;
  let base = "";
  let trustedRoot: object;
  const statement = buildProvenance(
    { name: "127.0.0.1:5000/shop", digest: IMAGE_DIGEST },
    contextFromGitHubEnv(GITHUB_ENVS.tag),
  );

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const ctlog = await initializeCTLog(keyPair());
    const ca = await initializeCA(keyPair(), ctlog);
    const tlog = await initializeTLog(base, keyPair());
    const tsa = await initializeTSA(keyPair());
    const handlers = new Map<string, HandlerFn>(
      [fulcioHandler(ca, { subjectClaim: "san" }), tsaHandler(tsa)].map((h) => [h.path, h.fn]),
    );
    // The mock Rekor logs the proposed entry verbatim; real Rekor stores a dsse entry as hashes and
    // signatures, which is what verifiers compare against. Do that step here.
    handlers.set(rekorHandler(tlog).path, async (body) => {
      const created = await tlog.log(rekorDsseEntry(JSON.parse(body)));
      return { statusCode: 201, response: JSON.stringify(created), contentType: "application/json" };
    });
    server.on("request", (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const fn = req.method === "POST" ? handlers.get(req.url ?? "") : undefined;
        if (!fn) return void res.writeHead(404).end();
        const out = await fn(Buffer.concat(chunks).toString("utf8"));
        res.writeHead(out.statusCode, { "content-type": out.contentType ?? "text/plain" });
        res.end(typeof out.response === "string" ? out.response : Buffer.from(out.response.buffer));
      });
    });
    const validFor = { start: "2020-01-01T00:00:00Z" };
    const publicKey = (der: Buffer) => ({
      rawBytes: der.toString("base64"),
      keyDetails: "PKIX_ECDSA_P256_SHA_256",
      validFor,
    });
    trustedRoot = {
      mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
      tlogs: [
        {
          baseUrl: base,
          hashAlgorithm: "SHA2_256",
          publicKey: publicKey(tlog.publicKey),
          logId: { keyId: createHash("sha256").update(tlog.publicKey).digest("base64") },
        },
      ],
      certificateAuthorities: [
        {
          subject: { organization: "mock", commonName: "fulcio" },
          uri: base,
          certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate) }] },
          validFor,
        },
      ],
      ctlogs: [
        {
          baseUrl: base,
          hashAlgorithm: "SHA2_256",
          publicKey: publicKey(ctlog.publicKey),
          logId: { keyId: b64(ctlog.logID) },
        },
      ],
      timestampAuthorities: [
        {
          subject: { organization: "mock", commonName: "tsa" },
          uri: base,
          certChain: {
            certificates: [{ rawBytes: b64(tsa.intCertificate) }, { rawBytes: b64(tsa.rootCertificate) }],
          },
          validFor,
        },
      ],
    };
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const policy = (extra: Partial<Policy> = {}): Policy => ({
    requireTestResults: false,
    certificateIdentity: `https://github.com/${WORKFLOW}`,
    certificateOidcIssuer: ISSUER,
    sourceRepository: "https://github.com/octo-org/shop",
    sourceRef: "refs/tags/v.*",
    trustedRoot,
    ...extra,
  });

  it("chooses actions/attest's URLs per instance", () => {
    expect(new KeylessSigner({ instance: "public-good", identityToken: "t" }).endpoints).toEqual(
      SIGSTORE_ENDPOINTS["public-good"],
    );
    expect(new KeylessSigner({ instance: "github", identityToken: "t" }).endpoints).toEqual({
      fulcioUrl: "https://fulcio.githubapp.com",
      tsaUrl: "https://timestamp.githubapp.com/api/v1/timestamp",
    });
  });

  it("public-good: Fulcio certificate + Rekor entry, verified against the mock's trust root", async () => {
    const signer = new KeylessSigner({
      instance: "public-good",
      identityToken: githubToken(),
      endpoints: { fulcioUrl: base, rekorUrl: base },
    });
    const bundle = await signer.sign(statement);
    expect(bundle.mediaType).toBe("application/vnd.dev.sigstore.bundle.v0.3+json");
    expect(bundle.verificationMaterial.certificate?.rawBytes).toBeTruthy();
    expect(bundle.verificationMaterial.tlogEntries).toHaveLength(1);
    expect(bundleStatement(bundle)).toEqual(statement);

    const outcome = await checkBundleSignature(bundle, policy());
    expect(outcome).toEqual({
      valid: true,
      signer: "certificate",
      identity: {
        subjectAlternativeName: `https://github.com/${WORKFLOW}`,
        issuer: ISSUER,
        sourceRepositoryUri: "https://github.com/octo-org/shop",
        sourceRepositoryRef: "refs/tags/v1.4.0",
      },
    });
    const decision = evaluatePolicy(IMAGE_DIGEST, policy(), [
      { source: "mock", signature: outcome, statement },
    ]);
    expect(decision.checks.filter((c) => !c.passed)).toEqual([]);
    expect(decision.verified).toBe(true);

    const other = evaluatePolicy(IMAGE_DIGEST, policy({ certificateIdentity: "https://github.com/evil/x" }), [
      { source: "mock", signature: outcome, statement },
    ]);
    expect(other.checks.find((c) => !c.passed)?.detail).toMatch(
      /certificate identity is https:\/\/github.com\/octo-org/,
    );

    const tampered: SerializedBundle = {
      ...bundle,
      dsseEnvelope: { ...bundle.dsseEnvelope, payload: Buffer.from('{"_type":"x"}').toString("base64") },
    };
    expect(await checkBundleSignature(tampered, policy())).toMatchObject({
      valid: false,
      detail: expect.stringMatching(/^payload modified after signing/),
    });
  });

  it("github instance: Fulcio certificate + RFC 3161 timestamp, no Rekor", async () => {
    const signer = new KeylessSigner({
      instance: "github",
      identityToken: async () => githubToken(),
      endpoints: { fulcioUrl: base, tsaUrl: `${base}/api/v1/timestamp` },
    });
    const bundle = await signer.sign(statement);
    expect(bundle.verificationMaterial.tlogEntries ?? []).toEqual([]);
    expect(bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(1);
    const root = { ...(trustedRoot as Record<string, unknown>), tlogs: [] };
    expect(await checkBundleSignature(bundle, policy({ trustedRoot: root }))).toMatchObject({ valid: true });
    // Without the TSA in the trust root, the timestamp (and so the signature) cannot be trusted.
    const noTsa = { ...root, timestampAuthorities: [] };
    expect(await checkBundleSignature(bundle, policy({ trustedRoot: noTsa }))).toMatchObject({
      valid: false,
    });
  });

  it("attaches a keyless bundle to an image and verifies it from the registry", async () => {
    const [, olareg] = stackRegistries(loadStack());
    if (!olareg) throw new Error("the stack has no referrers registry");
    const repo = uniqueRepo("keyless");
    const digest = await pushTinyImage(olareg.client, repo);
    const signer = new KeylessSigner({
      instance: "public-good",
      identityToken: githubToken(),
      endpoints: { fulcioUrl: base, rekorUrl: base },
    });
    const signed = await signer.sign(
      buildProvenance({ name: `${olareg.registry}/${repo}`, digest }, contextFromGitHubEnv(GITHUB_ENVS.tag)),
    );
    await attachAttestation(olareg.client, repo, digest, signed, SLSA_PROVENANCE_V1);

    const verified = await verifyDigest(olareg.client, repo, digest, policy());
    expect(verified.checks.filter((c) => !c.passed)).toEqual([]);
    expect(verified.checks.map((c) => c.name)).toEqual([
      "signature",
      "signer identity",
      "predicate type",
      "subject digest",
      "source repository",
      "source ref",
    ]);
    expect(verified.verified).toBe(true);

    const refused = await verifyDigest(
      olareg.client,
      repo,
      digest,
      policy({ sourceRepository: "octo-org/payments" }),
    );
    expect(refused.verified).toBe(false);
    expect(refused.checks.find((c) => !c.passed)?.detail).toBe(
      "source repository https://github.com/octo-org/shop (the statement) and https://github.com/octo-org/shop (the certificate) does not match octo-org/payments",
    );
  });

  it("says what to do when Fulcio refuses", async () => {
    const signer = new KeylessSigner({
      instance: "public-good",
      identityToken: "not-a-jwt",
      endpoints: { fulcioUrl: base },
      retries: 0,
    });
    await expect(signer.sign(statement)).rejects.toThrow(
      /keyless signing failed \(Fulcio http:\/\/127.0.0.1/,
    );
  });
});
