import type { Config } from "../config";
import type { RunContext } from "../context";
import {
  deploy as deployDigest,
  promote as promoteColor,
  status as readStatus,
  reject as rejectColor,
} from "../deploy";
import { stagedColor } from "../deploy/promote";
import { pinned } from "../image/reference";
import { newReleaseId } from "../ledger/ledger";
import type { CommandResult } from "../run";
import { mirrored } from "./deploy-result";
import { engineOptions, preStageGates } from "./engine";
import { requireImage } from "./registry";
import { withSummaryHistory } from "./summary-history";
import { verifyAndSignTestResults } from "./test-result-attestation";
import { requireDigest, switchVerifier } from "./verify";

/** `deploy`: verify, stage the digest as the idle color, gate, promote (unless manual), watch. */
export async function deploy(config: Config, ctx: RunContext): Promise<CommandResult> {
  return deployPinned(config, ctx, requireDigest(config));
}

/** Deploys one digest of the configured repository (also the last step of release). */
export async function deployPinned(config: Config, ctx: RunContext, digest: string): Promise<CommandResult> {
  const image = pinned(requireImage(config), digest);
  const engine = await engineOptions(config, ctx);
  const gates = preStageGates(config);
  const verification = await verifyAndSignTestResults(config, ctx, digest);
  const release = newReleaseId(ctx.now(), digest);
  const result = await mirrored(
    config,
    ctx,
    { digest, release, description: `deploy ${image}`, verification },
    () =>
      deployDigest({
        ...engine,
        image,
        release,
        preStageGates: gates,
        promotion: config.deploy.promotion,
        ...(verification ? { verification: { verified: true, detail: verification } } : {}),
      }),
  );
  return withSummaryHistory(config, ctx, result);
}

/** `promote`: switch live to the staged color whose gates passed. */
export async function promote(config: Config, ctx: RunContext): Promise<CommandResult> {
  const facts: Parameters<typeof mirrored>[2] = { digest: "", release: "", description: "promote" };
  // the engine verifies, under the lock, the digest of the color it switches to
  const engine = { ...(await engineOptions(config, ctx)), verify: switchVerifier(config, ctx, facts) };
  const { state } = await readStatus(engine);
  const staged = state.colors[stagedColor(state)];
  facts.digest = staged?.digest ?? "";
  facts.release = staged?.release ?? "";
  return mirrored(config, ctx, facts, () => promoteColor(engine));
}

/** `reject`: throw away the release staged with `promotion: manual`; live is untouched. */
export async function reject(config: Config, ctx: RunContext): Promise<CommandResult> {
  const engine = await engineOptions(config, ctx);
  const staged = await readStatus(engine);
  const preview = staged.state.preview !== staged.state.live ? staged.state.preview : undefined;
  const release = preview ? (staged.state.colors[preview]?.release ?? "") : "";
  const reason = config.deploy.reason ?? "rejected";
  return mirrored(
    config,
    ctx,
    { digest: staged.previewDigest ?? "", release, description: `reject: ${reason}` },
    () => rejectColor({ ...engine, reason }),
  );
}
