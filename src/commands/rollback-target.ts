import type { Config } from "../config";
import type { EngineOptions } from "../deploy/bluegreen";
import { GreenlightError } from "../errors";
import type { ImageReference } from "../image/reference";
import { pickRollbackTarget } from "../ledger/ledger";
import { recordedImage } from "../ledger/record-check";

export interface RollbackTarget {
  digest: string;
  warm: boolean;
}

/** What a rollback goes back to: the warm previous color's digest, `to`, or the ledger's rollback target. */
export async function rollbackTarget(
  config: Config,
  image: ImageReference,
  engine: EngineOptions,
  warmDigest: string | undefined,
): Promise<RollbackTarget> {
  const to = config.deploy.to;
  if (!to && warmDigest) return { digest: warmDigest, warm: true };
  // a digest given by the user names the image by itself: pulled from the configured repository
  if (to?.startsWith("sha256:")) return { digest: to, warm: false };
  const history = await engine.ledger.history();
  const record = to ? history.findLast((r) => r.release === to) : pickRollbackTarget(history);
  if (!record) {
    throw new GreenlightError(
      to
        ? `rollback: '${to}' is neither a digest nor a release in the ledger of ${config.deploy.environment}`
        : `rollback: no warm previous color and no earlier healthy release in the ledger of ${config.deploy.environment}`,
      { hint: "pass 'to' as sha256:<hex> or a release id that 'greenlight status' lists" },
    );
  }
  // ledger records are unsigned: the digest and repository are checked again before use
  return { digest: recordedImage(record, image).digest, warm: false };
}
