import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));

// src/provenance/dsse.ts
var IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
var BUNDLE_V03_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
function pae(payloadType, payload) {
  const type = Buffer.from(payloadType, "utf8");
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, "utf8"),
    type,
    Buffer.from(` ${payload.length} `, "utf8"),
    payload
  ]);
}
function statementBytes(statement) {
  return Buffer.from(JSON.stringify(statement), "utf8");
}

export {
  IN_TOTO_PAYLOAD_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
  pae,
  statementBytes
};
//# sourceMappingURL=chunk-65AIQVL5.mjs.map
