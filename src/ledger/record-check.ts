import { GreenlightError } from "../errors";
import { type ImageReference, isDigest, parseReference, repositoryName } from "../image/reference";
import type { ReleaseRecord } from "./record";

/**
 * The image a ledger record names, checked again before anything is pulled or verified. Records are
 * unsigned: whoever can push to the ledger's repository can write one. So the record's digest must
 * be a sha256 digest, and its repository must be the configured image repository (the one the
 * policy verifies and the target pulls from); otherwise the record is refused, naming both.
 */
export function recordedImage(
  record: ReleaseRecord,
  image: Pick<ImageReference, "registry" | "repository">,
): { registry: string; repository: string; digest: string } {
  const which = `ledger record ${String(record.release)}`;
  const digest = record.digest;
  if (typeof digest !== "string" || !isDigest(digest)) {
    throw new GreenlightError(`${which}: digest '${String(digest)}' is not a digest`, {
      hint: "ledger records are not signed: pass 'to' as the sha256:<hex> digest you mean",
    });
  }
  const configured = repositoryName(image);
  const named = recordRepository(record.repository);
  if (!named) {
    throw new GreenlightError(`${which}: repository '${String(record.repository)}' is not a repository`, {
      hint: `ledger records are not signed: roll back with to: ${digest}, pulled from ${configured}`,
    });
  }
  if (named !== configured) {
    throw new GreenlightError(
      `${which} names repository ${named}, not the configured image repository ${configured}: refusing to pull from it`,
      {
        hint: `ledger records are not signed; to roll back to this digest from ${configured}, pass to: ${digest}`,
      },
    );
  }
  return { registry: image.registry, repository: image.repository, digest };
}

/** `registry/repository` of a record's repository field, or undefined when it is not exactly that. */
function recordRepository(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const ref = parseReference(value, "ledger record repository");
    return ref.tag || ref.digest ? undefined : repositoryName(ref);
  } catch {
    return undefined;
  }
}
