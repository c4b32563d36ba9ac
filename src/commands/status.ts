import type { Config } from "../config";
import type { RunContext } from "../context";
import { status as readStatus } from "../deploy";
import type { Report } from "../report";
import type { CommandResult } from "../run";
import { engineOptions } from "./engine";

/** `status`: live, preview and previous by digest, the lock holder, drift against the ledger. */
export async function status(config: Config, ctx: RunContext): Promise<CommandResult> {
  const s = await readStatus(await engineOptions(config, ctx));
  const colors = Object.values(s.state.colors).map((c): [string, string] => [
    c.color,
    `${c.status} ${c.digest ?? c.image}${c.color === s.state.live ? " (live)" : c.color === s.state.preview ? " (preview)" : ""}`,
  ]);
  const drift = s.drift.map((d) => `${d.color ?? "-"}: ${d.detail}`);
  // In Actions, GitHub's own record of the environment: earlier successful deployments to roll back to.
  const earlier = (await ctx.deployments?.listSuccessful(config.deploy.environment)) ?? [];
  const report: Report = {
    title: `${config.deploy.app}/${config.deploy.environment}: ${s.liveDigest ? `live ${s.liveDigest}` : "nothing live"}`,
    facts: [
      ["live", `${s.state.live ?? "-"} ${s.liveDigest ?? ""} ${s.endpoints.liveUrl}`],
      ["preview", `${s.state.preview ?? "-"} ${s.previewDigest ?? ""} ${s.endpoints.previewUrl}`],
      ["warm previous", s.warm ? `${s.warm.color} ${s.warm.digest}` : "none"],
      ...colors,
      [
        "lock",
        s.state.lock
          ? `${s.state.lock.owner} until ${s.state.lock.expiresAt}${s.state.lock.runUrl ? ` (${s.state.lock.runUrl})` : ""}`
          : "free",
      ],
      ["ledger live", s.ledgerLive ? `${s.ledgerLive.digest} (release ${s.ledgerLive.release})` : "-"],
      [
        "rollback target",
        s.rollbackTarget ? `${s.rollbackTarget.digest} (release ${s.rollbackTarget.release})` : "-",
      ],
      [
        "last change",
        s.latest
          ? `${s.latest.action} ${s.latest.outcome} ${s.latest.digest} (release ${s.latest.release}) by ${s.latest.actor} at ${s.latest.time}${s.latest.reason ? `: ${s.latest.reason}` : ""}`
          : "-",
      ],
      ["drift", drift.length ? drift.join("; ") : "none"],
      ...earlier
        .slice(0, 5)
        .map((d): [string, string] => [`GitHub deployment ${d.id}`, `${d.createdAt} ${d.digest ?? d.sha}`]),
    ],
  };
  return {
    outputs: {
      "live-digest": s.liveDigest ?? "",
      color: s.state.live ?? "",
      url: s.endpoints.liveUrl,
      drift: drift.join("\n"),
    },
    report,
  };
}
