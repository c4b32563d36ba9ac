import type { CommandResult } from "../command-result";
import { rollback } from "../deploy";
import { warmColor } from "../deploy/plan";
import { pinned } from "../image/reference";
import { newReleaseId } from "../ledger/ledger";
import { mirrored } from "./deploy-result";
import { rollbackTarget } from "./rollback-target";
import type { RunServices } from "./services";
import { switchVerifier, verifiedEarly, verifyBeforeDeploy } from "./verification";

/**
 * `rollback`: with `to` (a digest or a release id) deploy that earlier release through verify and the
 * gates; without it switch back to the warm previous color, or, when none is warm, redeploy the
 * newest earlier release that was promoted and stayed healthy.
 */
export async function runRollback(s: RunServices): Promise<CommandResult> {
  const { config, ctx } = s;
  const image = s.image();
  const facts: Parameters<typeof mirrored>[1] = { digest: "", release: "", description: "" };
  // a switch back is verified by the engine, under the lock, on the warm color's digest
  const verify = switchVerifier(s, facts);
  const engine = { ...(await s.engine()), verify };
  // the ledger is walked beside the target's state and the lock: under the lock, where the plan
  // needs it, only its tag is read again (a failure here is met there)
  engine.ledger.history().catch(() => undefined);
  // only the target's state before the lock: the ledger is read under it (the switch-back plan),
  // or by rollbackTarget when no color is warm
  const state = await engine.target.readState();
  const warm = warmColor(state);
  const warmDigest = warm ? state.colors[warm]?.digest : undefined;
  const target = await rollbackTarget(config, image, engine, warmDigest);
  // the warm color's provenance is checked while the lock is taken; the switch waits for the result
  if (target.warm) engine.verify = verifiedEarly(verify, target.digest);
  // a redeploy pulls from the configured repository, the one whose attestations are verified here
  const pinnedImage = pinned(image, target.digest);
  if (!target.warm) facts.verification = await verifyBeforeDeploy(s, target.digest);
  facts.digest = target.digest;
  facts.release = target.warm
    ? (state.colors[warm as "blue" | "green"]?.release ?? "")
    : newReleaseId(ctx.now(), target.digest);
  facts.description = `rollback to ${pinnedImage}`;
  return mirrored(s, facts, () =>
    rollback({
      ...engine,
      ...(target.warm
        ? { state }
        : {
            to: pinnedImage,
            release: facts.release,
            preStageGates: s.preStageGates(),
            ...(facts.verification ? { verification: { verified: true, detail: facts.verification } } : {}),
          }),
    }),
  );
}
