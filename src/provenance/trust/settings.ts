import { join } from "node:path";
import { InputError } from "../../errors";
import type { TrustedRootFile } from "./choice";

// The trust inputs as the edge reads them. Pure.

const TRUSTED_ROOT_MEDIA_TYPE = /^application\/vnd\.dev\.sigstore\.trustedroot(\.v\d+\.\d+)?\+json/;
const VALID =
  "a Sigstore trusted_root.json (one JSON object, or JSON lines as `gh attestation trusted-root` writes)";

/** Reads the `trusted-root` file's text: one trusted root, or one per line. */
export function parseTrustedRootFile(text: string, path: string): TrustedRootFile {
  let roots: unknown[];
  try {
    roots = [JSON.parse(text)];
  } catch {
    const lines = text.split("\n").filter((line) => line.trim() !== "");
    try {
      roots = lines.map((line) => JSON.parse(line));
    } catch (error) {
      throw new InputError("trusted-root", `${path} is not JSON (${(error as Error).message})`, VALID);
    }
  }
  if (roots.length === 0) throw new InputError("trusted-root", `${path} is empty`, VALID);
  roots.forEach((root, i) => {
    const { mediaType, certificateAuthorities } = (root ?? {}) as Record<string, unknown>;
    const where = roots.length > 1 ? `${path} line ${i + 1}` : path;
    if (typeof mediaType !== "string" || !TRUSTED_ROOT_MEDIA_TYPE.test(mediaType)) {
      throw new InputError(
        "trusted-root",
        `${where} has mediaType ${JSON.stringify(mediaType)}, not a Sigstore trusted root`,
        VALID,
      );
    }
    if (!Array.isArray(certificateAuthorities) || certificateAuthorities.length === 0) {
      throw new InputError("trusted-root", `${where} lists no certificate authority (Fulcio)`, VALID);
    }
  });
  return { path, roots };
}

/**
 * Where TUF metadata is kept between runs: the runner's tool cache (which self-hosted runners keep),
 * else the user's cache directory.
 */
export function tufCacheDir(env: NodeJS.ProcessEnv, homeDir: string): string {
  if (env.RUNNER_TOOL_CACHE) return join(env.RUNNER_TOOL_CACHE, "greenlight", "tuf");
  return join(env.XDG_CACHE_HOME || join(homeDir, ".cache"), "greenlight", "tuf");
}
