import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  InputError
} from "./chunk-XAPMUR2Q.mjs";

// src/provenance/trust/settings.ts
import { join } from "node:path";
var TRUSTED_ROOT_MEDIA_TYPE = /^application\/vnd\.dev\.sigstore\.trustedroot(\.v\d+\.\d+)?\+json/;
var VALID = "a Sigstore trusted_root.json (one JSON object, or JSON lines as `gh attestation trusted-root` writes)";
function parseTrustedRootFile(text, path) {
  let roots;
  try {
    roots = [JSON.parse(text)];
  } catch {
    const lines = text.split("\n").filter((line) => line.trim() !== "");
    try {
      roots = lines.map((line) => JSON.parse(line));
    } catch (error) {
      throw new InputError("trusted-root", `${path} is not JSON (${error.message})`, VALID);
    }
  }
  if (roots.length === 0) throw new InputError("trusted-root", `${path} is empty`, VALID);
  roots.forEach((root, i) => {
    const { mediaType, certificateAuthorities } = root ?? {};
    const where = roots.length > 1 ? `${path} line ${i + 1}` : path;
    if (typeof mediaType !== "string" || !TRUSTED_ROOT_MEDIA_TYPE.test(mediaType)) {
      throw new InputError(
        "trusted-root",
        `${where} has mediaType ${JSON.stringify(mediaType)}, not a Sigstore trusted root`,
        VALID
      );
    }
    if (!Array.isArray(certificateAuthorities) || certificateAuthorities.length === 0) {
      throw new InputError("trusted-root", `${where} lists no certificate authority (Fulcio)`, VALID);
    }
  });
  return { path, roots };
}
function tufCacheDir(env, homeDir) {
  if (env.RUNNER_TOOL_CACHE) return join(env.RUNNER_TOOL_CACHE, "greenlight", "tuf");
  return join(env.XDG_CACHE_HOME || join(homeDir, ".cache"), "greenlight", "tuf");
}

export {
  parseTrustedRootFile,
  tufCacheDir
};
//# sourceMappingURL=chunk-RKUPUCJL.mjs.map
