import { GreenlightError } from "../errors";
import type { Logger } from "../log";
import { Authenticator, type Credentials } from "./auth";
import * as blobs from "./blobs";
import { apiBaseUrl } from "./endpoint";
import { type RegistryResponse, Transport } from "./http";
import { DEFAULT_TIMEOUTS, type Timeouts } from "./limits";
import { type Descriptor, MANIFEST_TYPES, OCI_INDEX, sha256Digest } from "./media";
import { DEFAULT_RETRY, type RetryPolicy } from "./retry";

export { apiBaseUrl, isLoopback } from "./endpoint";
export { RegistryError } from "./errors";
export { BODY_LIMITS, DEFAULT_TIMEOUTS, type Timeouts } from "./limits";
export * from "./media";

export interface RegistryClientOptions {
  /** `host[:port]`, e.g. `ghcr.io`, `127.0.0.1:5000`, `docker.io`. */
  registry: string;
  credentials?: Credentials;
  /** Where `config.json` is; default `$DOCKER_CONFIG` or `~/.docker`. */
  dockerConfigDir?: string;
  log: Logger;
  retry?: Partial<RetryPolicy>;
  /** Per-request limits (default 30 s for headers and for a pause, 5 min for a whole body). */
  timeouts?: Partial<Timeouts>;
  /** Force plain http (default: only for loopback hosts). */
  plainHttp?: boolean;
  /** Blobs larger than this are uploaded in PATCH chunks of this size (default 16 MiB). */
  chunkSize?: number;
}

/** A manifest as the registry returned it; `digest` is recomputed over `bytes`. */
export interface FetchedManifest {
  bytes: Buffer;
  mediaType: string;
  digest: string;
}

/** An OCI image index (what the referrers API and the referrers tag schema return). */
export interface ImageIndex {
  schemaVersion: 2;
  mediaType: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

const pull = (repo: string) => `repository:${repo}:pull`;
const push = (repo: string) => `repository:${repo}:pull,push`;

/** A client for the OCI distribution API of one registry. */
/** Blobs up to this size are uploaded without an existence check first (pushBlob). */
const SMALL_BLOB = 16 * 1024;

export class RegistryClient {
  readonly registry: string;
  private readonly transport: Transport;
  private readonly chunkSize: number;
  private readonly log: Logger;

  constructor(options: RegistryClientOptions) {
    this.registry = options.registry;
    this.log = options.log;
    this.chunkSize = options.chunkSize ?? 16 * 1024 * 1024;
    const retry = { ...DEFAULT_RETRY, ...options.retry };
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    const baseUrl = apiBaseUrl(options.registry, options.plainHttp);
    const auth = new Authenticator({ ...options, baseUrl, retry, timeouts });
    this.transport = new Transport(options.registry, baseUrl, auth, retry, timeouts, options.log);
  }

  /** Checks that the registry answers the API (and that the credentials, if needed, work). */
  async ping(): Promise<void> {
    await this.transport.send({ method: "GET", path: "/v2/", scope: "", idempotent: true, accept: [200] });
  }

  /** Fetches a manifest by tag or digest and verifies its digest. */
  async getManifest(
    repo: string,
    ref: string,
    accept: readonly string[] = MANIFEST_TYPES,
  ): Promise<FetchedManifest> {
    return (await this.fetchManifest(repo, ref, accept, [200])) as FetchedManifest;
  }

  /** GET of a manifest, its digest verified; undefined on a 404 when `statuses` accepts one. */
  private async fetchManifest(
    repo: string,
    ref: string,
    accept: readonly string[],
    statuses: readonly number[],
  ): Promise<FetchedManifest | undefined> {
    const path = `/v2/${repo}/manifests/${ref}`;
    const response = await this.transport.send({
      method: "GET",
      path,
      headers: { Accept: accept.join(", ") },
      scope: pull(repo),
      idempotent: true,
      accept: statuses,
      what: "manifest",
    });
    if (response.status === 404) return undefined;
    const digest = sha256Digest(response.body);
    const claimed = response.headers.get("docker-content-digest");
    const expected = ref.startsWith("sha256:") ? ref : claimed;
    if ((expected && expected !== digest) || (claimed && claimed !== digest)) {
      throw new GreenlightError(
        `registry ${this.registry}: GET ${path} returned bytes with digest ${digest}, not ${expected ?? claimed}`,
        { hint: "the registry or a proxy altered the manifest; do not trust it, check the registry" },
      );
    }
    return { bytes: response.body, mediaType: manifestType(response, accept), digest };
  }

  /** The manifest a tag or digest names (its digest verified), or undefined when there is none. */
  async findManifest(
    repo: string,
    ref: string,
    accept: readonly string[] = MANIFEST_TYPES,
  ): Promise<FetchedManifest | undefined> {
    return this.fetchManifest(repo, ref, accept, [200, 404]);
  }

  /**
   * The descriptor of a manifest, or undefined when it does not exist: a HEAD (registries such as
   * Docker Hub count a manifest GET as a pull), and a GET only when the answer lacks a header.
   */
  async manifestDescriptor(repo: string, ref: string): Promise<Descriptor | undefined> {
    const response = await this.transport.send({
      method: "HEAD",
      path: `/v2/${repo}/manifests/${ref}`,
      headers: { Accept: MANIFEST_TYPES.join(", ") },
      scope: pull(repo),
      idempotent: true,
      accept: [200, 404],
      what: "manifest",
    });
    if (response.status === 404) return undefined;
    const digest = response.headers.get("docker-content-digest");
    const size = Number(response.headers.get("content-length"));
    const mediaType = response.headers.get("content-type")?.split(";")[0]?.trim();
    if (!digest || !mediaType || !(size > 0)) {
      const fetched = await this.getManifest(repo, ref);
      return { mediaType: fetched.mediaType, digest: fetched.digest, size: fetched.bytes.length };
    }
    return { mediaType, digest, size };
  }

  /**
   * Stores a manifest under a tag or its digest; `subject` is true when the registry answered
   * `OCI-Subject`. An answer MANIFEST_BLOB_UNKNOWN is retried like a 5xx: distribution's filesystem
   * driver rewrites a blob's link file in place (truncate, then write) when another writer uploads
   * the same blob again (two ledger writers pushing the empty config, two builds attaching
   * attestations to one repository), and a manifest checked in between names a blob the registry
   * has as "unknown". A blob really missing costs the retries before the error.
   */
  async putManifest(
    repo: string,
    ref: string,
    bytes: Buffer,
    mediaType: string,
  ): Promise<{ digest: string; subject: boolean }> {
    const path = `/v2/${repo}/manifests/${ref}`;
    const response = await this.transport.send({
      method: "PUT",
      path,
      headers: { "Content-Type": mediaType },
      body: bytes,
      scope: push(repo),
      idempotent: true,
      retryCodes: ["MANIFEST_BLOB_UNKNOWN"],
      accept: [201, 200],
      what: "manifest",
    });
    const digest = sha256Digest(bytes);
    const claimed = response.headers.get("docker-content-digest");
    if (claimed && claimed !== digest) {
      throw new GreenlightError(
        `registry ${this.registry}: PUT ${path} stored digest ${claimed}, we sent ${digest}`,
        {
          hint: "the registry rewrote the manifest; check for a proxy or an unsupported media type",
        },
      );
    }
    this.log.debug(`registry ${this.registry}: put ${repo}:${ref} (${digest})`);
    return { digest, subject: response.headers.has("oci-subject") };
  }

  /** Deletes a manifest by digest (or tag, where the registry allows); false when it did not exist. */
  async deleteManifest(repo: string, ref: string): Promise<boolean> {
    const response = await this.transport.send({
      method: "DELETE",
      path: `/v2/${repo}/manifests/${ref}`,
      scope: `repository:${repo}:delete`,
      idempotent: true,
      accept: [202, 200, 404],
      what: "manifest",
    });
    return response.status !== 404;
  }

  /** Whether the repository has a blob. */
  blobExists(repo: string, digest: string): Promise<boolean> {
    return blobs.blobExists(this.transport, repo, digest);
  }

  /** Downloads a blob (at most `maxBytes`, default 8 MiB: bundles and ledger records) and verifies its sha256. */
  getBlob(repo: string, digest: string, maxBytes?: number): Promise<Buffer> {
    return blobs.getBlob(this.transport, repo, digest, maxBytes);
  }

  /**
   * Uploads a blob unless the repository has it (monolithic, or PATCH chunks above `chunkSize`).
   * A blob of at most `SMALL_BLOB` bytes (a ledger record, a Sigstore bundle: nearly always new) is
   * uploaded without asking first, two requests instead of three; a registry takes a blob it has
   * again as a no-op.
   */
  async pushBlob(repo: string, bytes: Buffer, mediaType = "application/octet-stream"): Promise<Descriptor> {
    const descriptor: Descriptor = { mediaType, digest: sha256Digest(bytes), size: bytes.length };
    if (bytes.length > SMALL_BLOB && (await this.blobExists(repo, descriptor.digest))) return descriptor;
    await blobs.uploadBlob(this.transport, repo, bytes, descriptor.digest, this.chunkSize);
    return descriptor;
  }

  /** Mounts a blob from another repository of the same registry; false when the registry declined. */
  mountBlob(repo: string, digest: string, fromRepo: string): Promise<boolean> {
    return blobs.mountBlob(this.transport, repo, digest, fromRepo);
  }

  /** Every tag of a repository (following `Link` pages); empty when the repository does not exist. */
  async listTags(repo: string): Promise<string[]> {
    const tags: string[] = [];
    let path: string | undefined = `/v2/${repo}/tags/list?n=1000`;
    while (path) {
      const response: RegistryResponse = await this.transport.send({
        method: "GET",
        path,
        scope: pull(repo),
        idempotent: true,
        accept: [200, 404],
        what: "tag list",
      });
      if (response.status === 404) return tags;
      tags.push(...((JSON.parse(response.body.toString("utf8")) as { tags?: string[] | null }).tags ?? []));
      path = /<([^>]+)>;\s*rel="?next"?/.exec(response.headers.get("link") ?? "")?.[1];
    }
    return tags;
  }

  /**
   * The referrers API answer for a digest, or undefined when the registry does not implement it
   * (any status but 200, or an answer that is not an image index). `filtered` is true when the
   * registry applied the artifactType filter itself.
   */
  async getReferrers(
    repo: string,
    digest: string,
    artifactType?: string,
  ): Promise<{ index: ImageIndex; filtered: boolean } | undefined> {
    const query = artifactType ? `?${new URLSearchParams({ artifactType })}` : "";
    const response = await this.transport.send({
      method: "GET",
      path: `/v2/${repo}/referrers/${digest}${query}`,
      headers: { Accept: OCI_INDEX },
      scope: pull(repo),
      idempotent: true,
      accept: [200, 400, 404, 405, 501],
      what: "referrers",
    });
    if (response.status !== 200) return undefined;
    let index: ImageIndex;
    try {
      index = JSON.parse(response.body.toString("utf8")) as ImageIndex;
    } catch {
      return undefined;
    }
    if (index.manifests === null) index.manifests = []; // olareg answers `null` when there are none
    if (!Array.isArray(index.manifests)) return undefined;
    const filtered = (response.headers.get("oci-filters-applied") ?? "")
      .split(",")
      .map((s) => s.trim())
      .includes("artifactType");
    return { index, filtered };
  }
}

function manifestType(response: RegistryResponse, accept: readonly string[]): string {
  const header = response.headers.get("content-type")?.split(";")[0]?.trim();
  if (header && header !== "application/json" && header !== "text/plain") return header;
  try {
    const parsed = JSON.parse(response.body.toString("utf8")) as { mediaType?: string };
    if (parsed.mediaType) return parsed.mediaType;
  } catch {
    // fall through
  }
  return header ?? accept[0] ?? "application/json";
}
