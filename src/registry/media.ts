import { createHash } from "node:crypto";

/** A content descriptor as the OCI image spec defines it. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  /** The content itself, base64 (OCI image-spec 1.1 "embedded content"): readers need not fetch it. */
  data?: string;
  platform?: { architecture: string; os: string; variant?: string; "os.version"?: string };
}

export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
export const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
export const DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
export const OCI_EMPTY = "application/vnd.oci.empty.v1+json";

/** Every manifest type greenlight reads, for the `Accept` header. */
export const MANIFEST_TYPES = [OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST] as const;

/** The empty config (`{}`) that OCI artifacts use. */
export const EMPTY_CONFIG_BYTES = Buffer.from("{}");
export const EMPTY_CONFIG: Descriptor = {
  mediaType: OCI_EMPTY,
  digest: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
  size: 2,
};

/** `sha256:<hex>` of some bytes. */
export function sha256Digest(bytes: Buffer | string): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}
