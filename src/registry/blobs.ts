import { GreenlightError } from "../errors";
import { RegistryError } from "./errors";
import type { RegistryResponse, Transport } from "./http";
import { sha256Digest } from "./media";
import { MAX_RETRY_AFTER_MS } from "./retry";

const pull = (repo: string) => `repository:${repo}:pull`;
const push = (repo: string) => `repository:${repo}:pull,push`;

export async function blobExists(transport: Transport, repo: string, digest: string): Promise<boolean> {
  const response = await transport.send({
    method: "HEAD",
    path: `/v2/${repo}/blobs/${digest}`,
    scope: pull(repo),
    idempotent: true,
    accept: [200, 404],
    what: "blob",
  });
  return response.status === 200;
}

export async function getBlob(
  transport: Transport,
  repo: string,
  digest: string,
  maxBytes?: number,
): Promise<Buffer> {
  const path = `/v2/${repo}/blobs/${digest}`;
  const response = await transport.send({
    method: "GET",
    path,
    scope: pull(repo),
    idempotent: true,
    accept: [200],
    what: "blob",
    ...(maxBytes !== undefined ? { maxBytes } : {}),
  });
  const actual = sha256Digest(response.body);
  if (actual !== digest) {
    throw new GreenlightError(
      `registry ${transport.registry}: GET ${path} returned content with digest ${actual}`,
      {
        hint: "the blob is corrupt in the registry or was altered in transit",
      },
    );
  }
  return response.body;
}

export async function mountBlob(
  transport: Transport,
  repo: string,
  digest: string,
  fromRepo: string,
): Promise<boolean> {
  const query = new URLSearchParams({ mount: digest, from: fromRepo });
  const response = await transport.send({
    method: "POST",
    path: `/v2/${repo}/blobs/uploads/?${query}`,
    scope: `${push(repo)} ${pull(fromRepo)}`,
    idempotent: false,
    accept: [201, 202],
    what: "upload",
  });
  if (response.status === 201) return true;
  // the registry opened an ordinary upload session instead: close it
  const location = response.headers.get("location");
  if (location) {
    await transport
      .send({
        method: "DELETE",
        path: location,
        scope: push(repo),
        idempotent: false,
        accept: [204, 200, 404],
      })
      .catch(() => undefined);
  }
  return false;
}

/**
 * Uploads a blob: POST a session, then one PUT (monolithic) or PATCH chunks and a closing PUT.
 * The requests of a session are not repeated one by one, since the registry's offset after a
 * broken PATCH cannot be trusted: a session that breaks (no answer, a timeout, 429 or 5xx) is
 * abandoned and the whole upload starts over after a backoff (or the registry's `Retry-After`),
 * as many times as the retry policy's attempts. Before starting over, a HEAD checks whether the
 * blob arrived after all (the answer to the closing PUT may be what was lost).
 */
export async function uploadBlob(
  transport: Transport,
  repo: string,
  bytes: Buffer,
  digest: string,
  chunkSize: number,
): Promise<void> {
  const attempts = Math.max(1, transport.retry.attempts);
  for (let attempt = 1; ; attempt++) {
    try {
      await uploadOnce(transport, push(repo), repo, bytes, digest, chunkSize);
      return;
    } catch (error) {
      if (!(error instanceof RegistryError) || !error.transient || attempt >= attempts) throw error;
      const wait = error.retryAfterMs;
      if (wait !== undefined && wait > MAX_RETRY_AFTER_MS) throw error;
      await transport.wait(
        attempt,
        wait,
        `upload of ${digest} to ${repo} broke (${error.message}); starting over`,
      );
      if (await blobExists(transport, repo, digest)) return;
    }
  }
}

async function uploadOnce(
  transport: Transport,
  scope: string,
  repo: string,
  bytes: Buffer,
  digest: string,
  chunkSize: number,
): Promise<void> {
  const start = await transport.send({
    method: "POST",
    path: `/v2/${repo}/blobs/uploads/`,
    scope,
    idempotent: false,
    accept: [202],
    what: "upload",
  });
  let location = nextLocation(transport, start, repo);
  if (bytes.length > chunkSize) {
    for (let offset = 0; offset < bytes.length; offset += chunkSize) {
      const chunk = bytes.subarray(offset, Math.min(bytes.length, offset + chunkSize));
      const patched = await transport.send({
        method: "PATCH",
        path: location,
        scope,
        idempotent: false,
        accept: [202],
        what: "upload",
        body: chunk,
        headers: {
          "Content-Type": "application/octet-stream",
          "Content-Range": `${offset}-${offset + chunk.length - 1}`,
          "Content-Length": String(chunk.length),
        },
      });
      location = nextLocation(transport, patched, repo);
    }
  }
  const url = new URL(location);
  url.searchParams.set("digest", digest);
  const body = bytes.length > chunkSize ? Buffer.alloc(0) : bytes;
  const closed = await transport.send({
    method: "PUT",
    path: url.toString(),
    scope,
    idempotent: false,
    accept: [201],
    what: "upload",
    body,
    headers: { "Content-Type": "application/octet-stream", "Content-Length": String(body.length) },
  });
  const stored = closed.headers.get("docker-content-digest");
  if (stored && stored !== digest) {
    throw new GreenlightError(
      `registry ${transport.registry}: upload of ${digest} to ${repo} was stored as ${stored}`,
      {
        hint: "the registry or a proxy altered the upload; do not trust this registry path, check it",
      },
    );
  }
}

/** The upload session's next URL; a relative `Location` is relative to the request that answered it. */
function nextLocation(transport: Transport, answer: RegistryResponse, repo: string): string {
  const location = answer.headers.get("location");
  if (!location) {
    throw new RegistryError({
      registry: transport.registry,
      method: "POST",
      path: `/v2/${repo}/blobs/uploads/`,
      status: 202,
      detail: "no Location header for the upload session",
      what: "upload",
    });
  }
  return new URL(location, answer.url).toString();
}
