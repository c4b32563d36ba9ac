import type { Config } from "../config";
import { GreenlightError } from "../errors";
import type { ImageReference } from "../image/reference";

/** The image repository every command but status needs; the error names the input. */
export function requireImage(config: Config): ImageReference {
  if (!config.image) {
    throw new GreenlightError(`command '${config.command}' needs input 'image'`, {
      hint: "set 'image' to the repository, e.g. ghcr.io/org/app",
    });
  }
  return config.image;
}

/** The digest to attest, verify or deploy; the error says how to give one. */
export function requireDigest(config: Config): string {
  if (!config.digest) {
    throw new GreenlightError(`command '${config.command}' needs a digest`, {
      hint: "pin 'image' as repo@sha256:… or set 'subject-digest'",
    });
  }
  return config.digest;
}
