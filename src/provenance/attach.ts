import { GreenlightError } from "../errors";
import type { RegistryClient } from "../registry/client";
import { attachReferrer, listReferrers, type ReferrersMode } from "../registry/referrers";
import { BUNDLE_V03_MEDIA_TYPE, type SerializedBundle } from "./dsse";

/** Annotations GitHub and cosign put on an attached Sigstore bundle. */
export const ANNOTATION_CONTENT = "dev.sigstore.bundle.content";
export const ANNOTATION_PREDICATE_TYPE = "dev.sigstore.bundle.predicateType";
export const ANNOTATION_CREATED = "org.opencontainers.image.created";

/** A bundle found attached to an image. */
export interface AttachedAttestation {
  /** Digest of the referrer manifest that carries the bundle. */
  source: string;
  predicateType?: string;
  /** Undefined when the layer is not JSON; `problem` then says so. */
  bundle?: SerializedBundle;
  problem?: string;
}

/**
 * Attaches a bundle to an image as an OCI referrer (artifactType = bundle v0.3 media type), through
 * the referrers API where the registry has it, else the `sha256-<hex>` tag schema.
 */
export async function attachAttestation(
  client: RegistryClient,
  repo: string,
  subjectDigest: string,
  bundleJson: SerializedBundle | string,
  predicateType: string,
  created: Date = new Date(),
): Promise<{ digest: string; mode: ReferrersMode }> {
  const subject = await client.headManifest(repo, subjectDigest);
  if (!subject) {
    throw new GreenlightError(`registry ${client.registry}: ${repo}@${subjectDigest} does not exist`, {
      hint: "push the image before attesting it; attestations refer to the image's manifest digest",
    });
  }
  const blob = Buffer.from(typeof bundleJson === "string" ? bundleJson : JSON.stringify(bundleJson), "utf8");
  return attachReferrer(client, repo, subject, {
    artifactType: BUNDLE_V03_MEDIA_TYPE,
    blob,
    blobMediaType: BUNDLE_V03_MEDIA_TYPE,
    annotations: {
      [ANNOTATION_CONTENT]: "dsse-envelope",
      [ANNOTATION_PREDICATE_TYPE]: predicateType,
      [ANNOTATION_CREATED]: created.toISOString().replace(/\.\d{3}Z$/, "Z"),
    },
  });
}

/** Every Sigstore bundle attached to a digest (read-only: GETs manifests and blobs). */
export async function fetchAttestations(
  client: RegistryClient,
  repo: string,
  digest: string,
): Promise<{ mode: ReferrersMode; attestations: AttachedAttestation[] }> {
  const { mode, referrers } = await listReferrers(client, repo, digest, BUNDLE_V03_MEDIA_TYPE);
  const attestations: AttachedAttestation[] = [];
  for (const referrer of referrers) {
    const manifest = JSON.parse((await client.getManifest(repo, referrer.digest)).bytes.toString("utf8")) as {
      layers?: { mediaType: string; digest: string }[];
      annotations?: Record<string, string>;
    };
    const layer = manifest.layers?.find((l) => l.mediaType === BUNDLE_V03_MEDIA_TYPE);
    if (!layer) continue;
    const predicateType =
      manifest.annotations?.[ANNOTATION_PREDICATE_TYPE] ?? referrer.annotations?.[ANNOTATION_PREDICATE_TYPE];
    const found = { source: referrer.digest, ...(predicateType ? { predicateType } : {}) };
    try {
      const bundle = JSON.parse(
        (await client.getBlob(repo, layer.digest)).toString("utf8"),
      ) as SerializedBundle;
      attestations.push({ ...found, bundle });
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      attestations.push({ ...found, problem: `${referrer.digest}: the bundle layer is not JSON` });
    }
  }
  return { mode, attestations };
}
