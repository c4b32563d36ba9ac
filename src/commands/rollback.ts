import type { Config } from "../config";
import type { RunContext } from "../context";
import { status as readStatus, rollback as rollbackTo } from "../deploy";
import type { EngineOptions, SwitchVerifier } from "../deploy/bluegreen";
import { GreenlightError } from "../errors";
import { type ImageReference, pinned } from "../image/reference";
import { newReleaseId, pickRollbackTarget } from "../ledger/ledger";
import { recordedImage } from "../ledger/record-check";
import type { CommandResult } from "../run";
import { mirrored } from "./deploy-result";
import { engineOptions, preStageGates } from "./engine";
import { requireImage } from "./registry";
import { switchVerifier, verifyBeforeDeploy } from "./verify";

/**
 * `rollback`: with `to` (a digest or a release id) deploy that earlier release through verify and the
 * gates; without it switch back to the warm previous color, or, when none is warm, redeploy the
 * newest earlier release that was promoted and stayed healthy.
 */
export async function rollback(config: Config, ctx: RunContext): Promise<CommandResult> {
  const image = requireImage(config);
  const facts: Parameters<typeof mirrored>[2] = { digest: "", release: "", description: "" };
  // a switch back is verified by the engine, under the lock, on the warm color's digest
  const verify = switchVerifier(config, ctx, facts);
  const engine = { ...(await engineOptions(config, ctx)), verify };
  const now = await readStatus(engine);
  const target = await rollbackTarget(config, image, engine, now.warm?.digest);
  // the warm color's provenance is checked while the lock is taken; the switch waits for the result
  if (target.warm) engine.verify = verifiedEarly(verify, target.digest);
  // a redeploy pulls from the configured repository, the one whose attestations are verified here
  const pinnedImage = pinned(image, target.digest);
  if (!target.warm) facts.verification = await verifyBeforeDeploy(config, ctx, target.digest);
  facts.digest = target.digest;
  facts.release = target.warm
    ? (now.state.colors[now.warm?.color as "blue" | "green"]?.release ?? "")
    : newReleaseId(ctx.now(), target.digest);
  facts.description = `rollback to ${pinnedImage}`;
  return mirrored(config, ctx, facts, () =>
    rollbackTo({
      ...engine,
      ...(target.warm
        ? { state: now.state }
        : {
            to: pinnedImage,
            release: facts.release,
            preStageGates: preStageGates(config),
            ...(facts.verification ? { verification: { verified: true, detail: facts.verification } } : {}),
          }),
    }),
  );
}

/**
 * Starts verifying `digest` now; the engine's call for that digest (under the lock, after it has
 * checked that the warm color still runs it) gets this result, a failure included.
 */
function verifiedEarly(verify: SwitchVerifier, digest: string): SwitchVerifier {
  const early = verify(digest);
  early.catch(() => undefined); // awaited under the lock; a run that stops before has no use for it
  return (asked) => (asked === digest ? early : verify(asked));
}

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
