import type { Config } from "../config";
import type { RunContext } from "../context";
import { status as readStatus, rollback as rollbackTo } from "../deploy";
import type { EngineOptions } from "../deploy/bluegreen";
import { GreenlightError } from "../errors";
import { parseReference, pinned } from "../image/reference";
import { newReleaseId, pickRollbackTarget } from "../ledger/ledger";
import type { CommandResult } from "../run";
import { mirrored } from "./deploy-result";
import { engineOptions, preStageGates } from "./engine";
import { verifyBeforeDeploy } from "./verify";

/**
 * `rollback`: with `to` (a digest or a release id) deploy that earlier release through verify and the
 * gates; without it switch back to the warm previous color, or, when none is warm, redeploy the
 * newest earlier release that was promoted and stayed healthy.
 */
export async function rollback(config: Config, ctx: RunContext): Promise<CommandResult> {
  const engine = engineOptions(config, ctx);
  const now = await readStatus(engine);
  const target = await rollbackTarget(config, engine, now.warm?.digest);
  const verification = await verifyBeforeDeploy(config, ctx, target.digest);
  const image = pinned({ registry: target.registry, repository: target.repository }, target.digest);
  const release = target.warm
    ? (now.state.colors[now.warm?.color as "blue" | "green"]?.release ?? "")
    : newReleaseId(ctx.now(), target.digest);
  return mirrored(
    config,
    ctx,
    { digest: target.digest, release, description: `rollback to ${image}`, verification },
    () =>
      rollbackTo({
        ...engine,
        ...(target.warm ? {} : { to: image, release, preStageGates: preStageGates(config) }),
      }),
  );
}

export interface RollbackTarget {
  registry: string;
  repository: string;
  digest: string;
  warm: boolean;
}

/** What a rollback goes back to: the warm previous color's digest, `to`, or the ledger's rollback target. */
export async function rollbackTarget(
  config: Config,
  engine: EngineOptions,
  warmDigest: string | undefined,
): Promise<RollbackTarget> {
  const to = config.deploy.to;
  const image = config.image;
  if (!to && warmDigest && image) return { ...image, digest: warmDigest, warm: true };
  const history = await engine.ledger.history();
  const record = to
    ? history.findLast((r) => r.digest === to || r.release === to)
    : pickRollbackTarget(history);
  if (to?.startsWith("sha256:") && !record && image) return { ...image, digest: to, warm: false };
  if (!record) {
    throw new GreenlightError(
      to
        ? `rollback: '${to}' is neither a digest nor a release in the ledger of ${config.deploy.environment}`
        : `rollback: no warm previous color and no earlier healthy release in the ledger of ${config.deploy.environment}`,
      { hint: "pass 'to' as sha256:<hex> or a release id that 'greenlight status' lists" },
    );
  }
  const { registry, repository } = parseReference(record.repository, "ledger record repository");
  return { registry, repository, digest: record.digest, warm: false };
}
