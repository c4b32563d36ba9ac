import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));

// src/provenance/signers/instance.ts
var SIGSTORE_ENDPOINTS = {
  "public-good": { fulcioUrl: "https://fulcio.sigstore.dev", rekorUrl: "https://rekor.sigstore.dev" },
  github: {
    fulcioUrl: "https://fulcio.githubapp.com",
    tsaUrl: "https://timestamp.githubapp.com/api/v1/timestamp"
  }
};
function chooseSigstoreInstance(setting, repositoryVisibility) {
  if (setting !== "auto") return setting;
  return repositoryVisibility === "public" ? "public-good" : "github";
}
function keylessEndpoints(options) {
  return options.deployment ?? { ...SIGSTORE_ENDPOINTS[options.instance], ...options.endpoints };
}

export {
  SIGSTORE_ENDPOINTS,
  chooseSigstoreInstance,
  keylessEndpoints
};
//# sourceMappingURL=chunk-AD36U6MY.mjs.map
