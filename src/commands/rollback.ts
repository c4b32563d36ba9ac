import type { CommandResult } from "../command-result";
import { rollback } from "../deploy";
import { warmColor } from "../deploy/plan";
import { pinned } from "../image/reference";
import { newReleaseId } from "../ledger/ledger";
import { mirrored } from "./deploy-result";
import { rollbackTarget } from "./rollback-target";
import type { RunServices } from "./services";
import { switchEngine, verifyBeforeDeploy } from "./verification";

/**
 * `rollback`: with `to` (a digest or a release id) deploy that earlier release through verify and the
 * gates; without it switch back to the warm previous color, or, when none is warm, redeploy the
 * newest earlier release that was promoted and stayed healthy.
 */
export async function runRollback(s: RunServices): Promise<CommandResult> {
  const { config, ctx } = s;
  const image = s.image();
  const facts: Parameters<typeof mirrored>[1] = { digest: "", release: "", description: "" };
  // the ledger is read under the lock (the switch-back plan), or by rollbackTarget when no color is warm
  const { engine, state, early } = await switchEngine(s, facts);
  const warm = warmColor(state);
  const warmDigest = warm ? state.colors[warm]?.digest : undefined;
  const target = await rollbackTarget(config, image, engine, warmDigest);
  if (target.warm) early(target.digest);
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
