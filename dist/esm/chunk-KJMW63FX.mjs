import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  GreenlightError
} from "./chunk-XAPMUR2Q.mjs";

// src/commands/required-inputs.ts
function requireImage(config) {
  if (!config.image) {
    throw new GreenlightError(`command '${config.command}' needs input 'image'`, {
      hint: "set 'image' to the repository, e.g. ghcr.io/org/app"
    });
  }
  return config.image;
}
function requireDigest(config) {
  if (!config.digest) {
    throw new GreenlightError(`command '${config.command}' needs a digest`, {
      hint: "pin 'image' as repo@sha256:\u2026 or set 'subject-digest'"
    });
  }
  return config.digest;
}

export {
  requireImage,
  requireDigest
};
//# sourceMappingURL=chunk-KJMW63FX.mjs.map
