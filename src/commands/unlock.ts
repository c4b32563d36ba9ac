import type { Config } from "../config";
import type { RunContext } from "../context";
import { unlock as breakLock } from "../deploy/unlock";
import { GreenlightError, InputError } from "../errors";
import { repositoryName } from "../image/reference";
import type { CommandResult } from "../run";
import { engineOptions } from "./engine";

/**
 * `unlock`: break the environment's deploy lock (its holder died or is stuck) and record it in the
 * ledger with the reason; refused while the holder's heartbeat is fresh unless `force: true`.
 */
export async function unlock(config: Config, ctx: RunContext): Promise<CommandResult> {
  const d = config.deploy;
  if (!d.reason) {
    throw new InputError("reason", "is required by unlock", "why the lock is broken, e.g. 'runner died'");
  }
  const repo = d.ledgerRepository ?? config.image;
  if (!repo) {
    throw new GreenlightError("unlock records in the release ledger, which needs a repository", {
      hint: "set 'image' (the ledger lives beside the images) or 'ledger-repository'",
    });
  }
  const engine = await engineOptions(config, ctx);
  const result = await breakLock({
    ...engine,
    reason: d.reason,
    force: d.force,
    repository: repositoryName(repo),
    now: ctx.now,
  });
  const holder = result.broken;
  return {
    outputs: {},
    report: {
      title: holder
        ? `${d.app}/${d.environment}: unlocked (broke the lock of ${holder.owner})`
        : `${d.app}/${d.environment}: not locked; nothing changed`,
      facts: holder
        ? [
            ["holder", `${holder.owner}${holder.runUrl ? ` (${holder.runUrl})` : ""}`],
            ["last heartbeat", holder.heartbeatAt ?? "none (a lock without a heartbeat)"],
            ["heartbeat", result.fresh ? "fresh: broken with force" : `stale since ${holder.expiresAt}`],
            ["reason", d.reason],
            ["by", ctx.actor],
            ["ledger record", result.recordId ?? "-"],
          ]
        : [["lock", "free"]],
    },
  };
}
