import { GreenlightError } from "../errors";
import type { RegistryClient } from "../registry/client";
import { RegistryError } from "../registry/errors";
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
  const subject = await client.manifestDescriptor(repo, subjectDigest);
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
    const manifest = await readReferrerManifest(client, repo, referrer.digest);
    if (typeof manifest === "string") {
      attestations.push({ source: referrer.digest, problem: manifest });
      continue;
    }
    const layer = manifest.layers?.find((l) => l?.mediaType === BUNDLE_V03_MEDIA_TYPE);
    if (!layer) continue;
    const predicateType =
      manifest.annotations?.[ANNOTATION_PREDICATE_TYPE] ?? referrer.annotations?.[ANNOTATION_PREDICATE_TYPE];
    const found = { source: referrer.digest, ...(predicateType ? { predicateType } : {}) };
    if (!DIGEST.test(String(layer.digest))) {
      attestations.push({ ...found, problem: `${referrer.digest}: the bundle layer has no sha256 digest` });
      continue;
    }
    try {
      const bundle = JSON.parse(
        (await client.getBlob(repo, layer.digest)).toString("utf8"),
      ) as SerializedBundle;
      attestations.push({ ...found, bundle });
    } catch (error) {
      const problem = unreadable(error, client, "bundle layer");
      if (!problem) throw error;
      attestations.push({ ...found, problem: `${referrer.digest}: ${problem}` });
    }
  }
  return { mode, attestations };
}

interface ReferrerManifest {
  layers?: ({ mediaType: string; digest: string } | null)[];
  annotations?: Record<string, string>;
}

/**
 * A referrer's manifest, or why it cannot be read: a referrer is anyone's upload, so a manifest that
 * is gone (an index entry pointing nowhere) or not a JSON object is skipped, not fatal. Other
 * registry errors (auth, outage) still throw.
 */
async function readReferrerManifest(
  client: RegistryClient,
  repo: string,
  digest: string,
): Promise<ReferrerManifest | string> {
  if (!DIGEST.test(digest)) return `${digest}: the referrers list names no sha256 digest`;
  try {
    const manifest: unknown = JSON.parse((await client.getManifest(repo, digest)).bytes.toString("utf8"));
    if (typeof manifest === "object" && manifest !== null && !Array.isArray(manifest)) {
      const layers = (manifest as ReferrerManifest).layers;
      if (layers === undefined || Array.isArray(layers)) return manifest as ReferrerManifest;
    }
    return `${digest}: the referrer manifest is not an OCI manifest`;
  } catch (error) {
    const problem = unreadable(error, client, "referrer manifest");
    if (!problem) throw error;
    return `${digest}: ${problem}`;
  }
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** What is wrong with a referrer's part that is not JSON or not there; undefined for other errors. */
function unreadable(error: unknown, client: RegistryClient, what: string): string | undefined {
  if (error instanceof SyntaxError) return `the ${what} is not JSON`;
  if (error instanceof RegistryError && error.status === 404) {
    return `the ${what} cannot be read (${client.registry} answers 404)`;
  }
  return undefined;
}
