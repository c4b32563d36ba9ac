import { GreenlightError } from "../errors";
import type { ImageIndex, RegistryClient } from "./client";
import { RegistryError } from "./errors";
import {
  type Descriptor,
  EMPTY_CONFIG,
  EMPTY_CONFIG_BYTES,
  OCI_EMPTY,
  OCI_INDEX,
  OCI_MANIFEST,
  sha256Digest,
} from "./media";

/** How referrers were stored or found: the OCI 1.1 API, or the fallback tag `sha256-<hex>`. */
export type ReferrersMode = "referrers-api" | "tag-schema";

/** An artifact to attach to a subject: one blob, typed, with annotations. */
export interface ReferrerArtifact {
  artifactType: string;
  blob: Buffer;
  blobMediaType: string;
  annotations: Record<string, string>;
}

/** The Referrers Tag Schema tag for a digest: `sha256:<hex>` → `sha256-<hex>` (at most 128 characters). */
export function referrersTag(digest: string): string {
  return digest.replace(":", "-").slice(0, 128);
}

/** The OCI image manifest of an artifact attached to `subject`. */
export function artifactManifest(
  subject: Descriptor,
  artifactType: string,
  layer: Descriptor,
  annotations: Record<string, string>,
): Buffer {
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType,
    config: EMPTY_CONFIG,
    layers: [layer],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
  return Buffer.from(JSON.stringify(manifest));
}

/** Adds (or replaces, by digest) a referrer in a tag-schema index. Pure. */
export function withReferrer(index: ImageIndex | undefined, referrer: Descriptor): ImageIndex {
  const others = (index?.manifests ?? []).filter((d) => d.digest !== referrer.digest);
  return { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [...others, referrer] };
}

/**
 * Pushes an artifact manifest whose `subject` is the given image, by digest. When the registry
 * does not answer `OCI-Subject` (no referrers API), also records it in the `sha256-<hex>` index.
 * The tag-schema update is read-modify-write: two writers at the same instant can drop one entry
 * (the distribution spec accepts this race); the artifact itself is stored either way.
 */
export async function attachReferrer(
  client: RegistryClient,
  repo: string,
  subject: Descriptor,
  artifact: ReferrerArtifact,
): Promise<{ digest: string; mode: ReferrersMode }> {
  await client.pushBlob(repo, EMPTY_CONFIG_BYTES, OCI_EMPTY);
  const layer = await client.pushBlob(repo, artifact.blob, artifact.blobMediaType);
  const bytes = artifactManifest(subject, artifact.artifactType, layer, artifact.annotations);
  const digest = sha256Digest(bytes);
  const put = await client.putManifest(repo, digest, bytes, OCI_MANIFEST);
  if (put.subject) return { digest, mode: "referrers-api" };
  const descriptor: Descriptor = {
    mediaType: OCI_MANIFEST,
    digest,
    size: bytes.length,
    artifactType: artifact.artifactType,
    ...(Object.keys(artifact.annotations).length > 0 ? { annotations: artifact.annotations } : {}),
  };
  const tag = referrersTag(subject.digest);
  const index = withReferrer(await readTagIndex(client, repo, tag), descriptor);
  await client.putManifest(repo, tag, Buffer.from(JSON.stringify(index)), OCI_INDEX);
  return { digest, mode: "tag-schema" };
}

/**
 * The referrers of a digest, optionally of one artifactType: from the referrers API where the
 * registry has it, else from the `sha256-<hex>` tag-schema index.
 */
export async function listReferrers(
  client: RegistryClient,
  repo: string,
  digest: string,
  artifactType?: string,
): Promise<{ mode: ReferrersMode; referrers: Descriptor[] }> {
  const keep = (list: Descriptor[]) =>
    artifactType ? list.filter((d) => d.artifactType === artifactType) : list;
  const api = await client.getReferrers(repo, digest, artifactType);
  if (api) return { mode: "referrers-api", referrers: keep(api.index.manifests) };
  const index = await readTagIndex(client, repo, referrersTag(digest));
  return { mode: "tag-schema", referrers: keep(index?.manifests ?? []) };
}

async function readTagIndex(
  client: RegistryClient,
  repo: string,
  tag: string,
): Promise<ImageIndex | undefined> {
  let fetched: Awaited<ReturnType<RegistryClient["getManifest"]>>;
  try {
    fetched = await client.getManifest(repo, tag, [OCI_INDEX]);
  } catch (error) {
    if (error instanceof RegistryError && error.status === 404) return undefined;
    throw error;
  }
  if (fetched.mediaType !== OCI_INDEX) return undefined;
  try {
    return JSON.parse(fetched.bytes.toString("utf8")) as ImageIndex;
  } catch (error) {
    // Not read as empty: rewriting it would drop the referrers it may list.
    throw new GreenlightError(
      `registry ${client.registry}: GET /v2/${repo}/manifests/${tag} answered a referrers index that is not JSON`,
      {
        hint: `inspect it (crane manifest ${client.registry}/${repo}:${tag}); delete the tag if it is garbage`,
        cause: error,
      },
    );
  }
}
