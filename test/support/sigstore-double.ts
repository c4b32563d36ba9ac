// A double of a Sigstore instance (Fulcio, Rekor, a timestamp authority) built from @sigstore/mock and
// served on a loopback HTTP server: the public Sigstore services, GitHub's instance and GitHub's OIDC
// provider cannot be reached from here. Its trusted root is what a `trusted-root` input would hold.
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

export const GITHUB_OIDC_ISSUER = "https://token.actions.githubusercontent.com";

/** Who a GitHub OIDC token double names: a workflow file at a ref in a repository. */
export interface WorkflowIdentity {
  repository: string;
  /** e.g. `.github/workflows/release.yml` */
  workflow: string;
  ref: string;
  sha?: string;
}

/** The certificate identity (SAN) Fulcio gives a workflow. */
export function workflowUri(id: WorkflowIdentity): string {
  return `https://github.com/${id.repository}/${id.workflow}@${id.ref}`;
}

/**
 * A double of a GitHub Actions OIDC token: an unsigned JWT with GitHub's claims, which the mock Fulcio
 * decodes without checking a signature.
 */
export function githubTokenDouble(id: WorkflowIdentity): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const jobWorkflowRef = `${id.repository}/${id.workflow}@${id.ref}`;
  const claims = {
    iss: GITHUB_OIDC_ISSUER,
    aud: "sigstore",
    sub: `repo:${id.repository}:ref:${id.ref}`,
    san: `https://github.com/${jobWorkflowRef}`,
    repository: id.repository,
    ref: id.ref,
    sha: id.sha ?? "3f786850e387550fdab836ed7e6dc881de23001b",
    job_workflow_ref: jobWorkflowRef,
    event_name: "push",
    run_id: "9876543210",
    run_attempt: "2",
  };
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
}

type CA = Awaited<ReturnType<typeof initializeCA>>;

export interface SigstoreDouble {
  /** Base URL of the loopback server: Fulcio, Rekor and the TSA (`/api/v1/timestamp`) answer there. */
  url: string;
  /** The trusted_root.json of this instance (its CA, Rekor, CT log and TSA). */
  trustedRoot: TrustedRootJson;
  /** The Fulcio CA, to issue certificates directly. */
  ca: CA;
  close(): Promise<void>;
}

export type TrustedRootJson = {
  mediaType: string;
  tlogs: unknown[];
  certificateAuthorities: unknown[];
  ctlogs: unknown[];
  timestampAuthorities: unknown[];
};

const keyPair = () => generateKeyPairSync("ec", { namedCurve: "P-256" });
const b64 = (bytes: ArrayBufferView | Buffer) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");

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

/** The time the double's TSA writes into a timestamp for a request made at `now`. */
export type TsaClock = (now: Date) => Date;

/**
 * The TSA writes genTime as a DER GeneralizedTime, which drops the fraction's trailing zeros
 * (`…05.12Z` at 120 ms); @sigstore/core 4.0.1 reads a fraction of exactly three digits only, so a
 * timestamp taken at a millisecond ending in 0 (99 in 1000) did not verify ("invalid time"). At a whole
 * second the fraction is left out. Rounding down keeps genTime at or after the certificate's notBefore.
 */
export const wholeSecond: TsaClock = (now) => new Date(Math.floor(now.getTime() / 1000) * 1000);

/** Starts a Sigstore double on 127.0.0.1 (a free port). */
export async function startSigstoreDouble(options: { tsaClock?: TsaClock } = {}): Promise<SigstoreDouble> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ctlog = await initializeCTLog(keyPair());
  const ca = await initializeCA(keyPair(), ctlog);
  const tlog = await initializeTLog(url, keyPair());
  // The mock TSA reads the Date it was given each time it stamps: set it before each request.
  const tsaTime = new Date();
  const tsa = await initializeTSA(keyPair(), tsaTime);
  const stamp = tsaHandler(tsa);
  const tsaClock = options.tsaClock ?? wholeSecond;
  const fulcio = fulcioHandler(ca, { subjectClaim: "san" });
  const handlers = new Map<string, HandlerFn>([[fulcio.path, fulcio.fn]]);
  handlers.set(stamp.path, (body) => {
    tsaTime.setTime(tsaClock(new Date()).getTime());
    return stamp.fn(body);
  });
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
  // Every key and CA is valid from a fixed date well before anything this double signs.
  const validFor = { start: "2020-01-01T00:00:00Z" };
  const publicKey = (der: Buffer) => ({
    rawBytes: der.toString("base64"),
    keyDetails: "PKIX_ECDSA_P256_SHA_256",
    validFor,
  });
  const trustedRoot: TrustedRootJson = {
    mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
    tlogs: [
      {
        baseUrl: url,
        hashAlgorithm: "SHA2_256",
        publicKey: publicKey(tlog.publicKey),
        logId: { keyId: createHash("sha256").update(tlog.publicKey).digest("base64") },
      },
    ],
    certificateAuthorities: [
      {
        subject: { organization: "sigstore.mock", commonName: "sigstore" },
        uri: url,
        certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate) }] },
        validFor,
      },
    ],
    ctlogs: [
      {
        baseUrl: url,
        hashAlgorithm: "SHA2_256",
        publicKey: publicKey(ctlog.publicKey),
        logId: { keyId: b64(ctlog.logID) },
      },
    ],
    timestampAuthorities: [
      {
        subject: { organization: "sigstore.mock", commonName: "tsa" },
        uri: url,
        certChain: {
          certificates: [{ rawBytes: b64(tsa.intCertificate) }, { rawBytes: b64(tsa.rootCertificate) }],
        },
        validFor,
      },
    ],
  };
  return {
    url,
    trustedRoot,
    ca,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
