import { parseReference } from "../image/reference";
import type { RegistryClient } from "../registry/client";
import { DOCKER_MANIFEST, OCI_MANIFEST } from "../registry/media";
import type { ImageLabels } from "./changelog";

const OCI = "org.opencontainers.image";
/** An image config is small; more than this is not one. */
const MAX_CONFIG_BYTES = 1_000_000;

interface ManifestJson {
  config?: { digest?: string };
  manifests?: { digest: string; mediaType?: string; platform?: { os?: string; architecture?: string } }[];
}

/**
 * The OCI labels `version`, `revision` and `source` of each digest, read from the image config in
 * the registry (two or three requests a digest, each digest once). A digest that cannot be read
 * (deleted, another registry) has no labels: history shows what is known, it does not fail.
 */
export async function readImageLabels(
  client: (registry: string) => RegistryClient,
  images: readonly { repository: string; digest: string }[],
): Promise<Map<string, ImageLabels>> {
  const labels = new Map<string, ImageLabels>();
  for (const { repository, digest } of images) {
    if (labels.has(digest)) continue;
    labels.set(digest, await labelsOf(client, repository, digest).catch(() => ({})));
  }
  return labels;
}

async function labelsOf(
  client: (registry: string) => RegistryClient,
  repository: string,
  digest: string,
): Promise<ImageLabels> {
  const ref = parseReference(repository, "ledger repository");
  const registry = client(ref.registry);
  let manifest = json(await registry.getManifest(ref.repository, digest));
  const platform = manifest.manifests?.find((m) => m.platform?.os !== "unknown");
  if (platform)
    manifest = json(
      await registry.getManifest(ref.repository, platform.digest, [OCI_MANIFEST, DOCKER_MANIFEST]),
    );
  const config = manifest.config?.digest;
  if (!config) return {};
  const blob = await registry.getBlob(ref.repository, config, MAX_CONFIG_BYTES);
  const found = (JSON.parse(blob.toString("utf8")) as { config?: { Labels?: Record<string, string> } }).config
    ?.Labels;
  return pick(found ?? {});
}

/** The three labels history shows, from an image's labels. Pure. */
export function pick(found: Record<string, string>): ImageLabels {
  const out: ImageLabels = {};
  for (const key of ["version", "revision", "source"] as const) {
    const value = found[`${OCI}.${key}`];
    if (value) out[key] = value;
  }
  return out;
}

function json(fetched: { bytes: Buffer }): ManifestJson {
  return JSON.parse(fetched.bytes.toString("utf8")) as ManifestJson;
}
