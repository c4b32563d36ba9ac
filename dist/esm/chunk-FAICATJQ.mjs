import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));

// src/registry/media.ts
import { createHash } from "node:crypto";
var OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
var OCI_INDEX = "application/vnd.oci.image.index.v1+json";
var DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
var DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
var OCI_EMPTY = "application/vnd.oci.empty.v1+json";
var MANIFEST_TYPES = [OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST];
var EMPTY_CONFIG_BYTES = Buffer.from("{}");
var EMPTY_CONFIG = {
  mediaType: OCI_EMPTY,
  digest: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
  size: 2
};
function sha256Digest(bytes) {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

export {
  OCI_MANIFEST,
  OCI_INDEX,
  DOCKER_MANIFEST,
  OCI_EMPTY,
  MANIFEST_TYPES,
  EMPTY_CONFIG_BYTES,
  EMPTY_CONFIG,
  sha256Digest
};
//# sourceMappingURL=chunk-FAICATJQ.mjs.map
