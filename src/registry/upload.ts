import { RegistryError } from "./errors";
import type { Transport } from "./http";

/**
 * Uploads a blob: POST a session, then one PUT (monolithic) or PATCH chunks and a closing PUT.
 * A session that breaks (no answer, 5xx) is abandoned and the whole upload starts over, since the
 * registry's offset after a broken PATCH cannot be trusted; at most three times.
 */
export async function uploadBlob(
  transport: Transport,
  scope: string,
  repo: string,
  bytes: Buffer,
  digest: string,
  chunkSize: number,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await uploadOnce(transport, scope, repo, bytes, digest, chunkSize);
      return;
    } catch (error) {
      const restartable =
        error instanceof RegistryError && (error.status === undefined || error.status >= 500);
      if (!restartable || attempt >= 3) throw error;
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
  let location = nextLocation(transport, start.headers, repo);
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
      location = nextLocation(transport, patched.headers, repo);
    }
  }
  const url = new URL(location);
  url.searchParams.set("digest", digest);
  const body = bytes.length > chunkSize ? Buffer.alloc(0) : bytes;
  await transport.send({
    method: "PUT",
    path: url.toString(),
    scope,
    idempotent: false,
    accept: [201],
    what: "upload",
    body,
    headers: { "Content-Type": "application/octet-stream", "Content-Length": String(body.length) },
  });
}

function nextLocation(transport: Transport, headers: Headers, repo: string): string {
  const location = headers.get("location");
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
  return new URL(location, transport.baseUrl).toString();
}
