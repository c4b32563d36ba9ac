import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import "./chunk-QMUCPTAA.mjs";
import {
  status
} from "./chunk-2MBZFBS5.mjs";
import "./chunk-AQ7GFJKS.mjs";
import "./chunk-AKL5DVST.mjs";
import "./chunk-DQEYF2JE.mjs";
import "./chunk-3OL7I2IW.mjs";
import "./chunk-27S7CDBD.mjs";
import "./chunk-WXS3AS6K.mjs";
import "./chunk-LJTNHG3R.mjs";
import "./chunk-TD6C3PZA.mjs";
import "./chunk-XR4YHTGR.mjs";
import "./chunk-HLSVML6X.mjs";
import "./chunk-UEFSGM5H.mjs";
import "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";

// src/commands/status.ts
async function runStatus(services) {
  const { config, ctx } = services;
  const s = await status(await services.engine());
  const colors = Object.values(s.state.colors).map((c) => [
    c.color,
    `${c.status} ${c.digest ?? c.image}${c.color === s.state.live ? " (live)" : c.color === s.state.preview ? " (preview)" : ""}`
  ]);
  const drift = s.drift.map((d) => `${d.color ?? "-"}: ${d.detail}`);
  const earlier = await ctx.deployments?.listSuccessful(config.deploy.environment) ?? [];
  const report = {
    title: `${config.deploy.app}/${config.deploy.environment}: ${s.liveDigest ? `live ${s.liveDigest}` : "nothing live"}`,
    facts: [
      ["live", `${s.state.live ?? "-"} ${s.liveDigest ?? ""} ${s.endpoints.liveUrl}`],
      ["preview", `${s.state.preview ?? "-"} ${s.previewDigest ?? ""} ${s.endpoints.previewUrl}`],
      ["warm previous", s.warm ? `${s.warm.color} ${s.warm.digest}` : "none"],
      ...colors,
      [
        "lock",
        s.state.lock ? `${s.state.lock.owner} until ${s.state.lock.expiresAt}${s.state.lock.runUrl ? ` (${s.state.lock.runUrl})` : ""}` : "free"
      ],
      ["ledger live", s.ledgerLive ? `${s.ledgerLive.digest} (release ${s.ledgerLive.release})` : "-"],
      [
        "rollback target",
        s.rollbackTarget ? `${s.rollbackTarget.digest} (release ${s.rollbackTarget.release})` : "-"
      ],
      [
        "last change",
        s.latest ? `${s.latest.action} ${s.latest.outcome} ${s.latest.digest} (release ${s.latest.release}) by ${s.latest.actor} at ${s.latest.time}${s.latest.reason ? `: ${s.latest.reason}` : ""}` : "-"
      ],
      ["drift", drift.length ? drift.join("; ") : "none"],
      ...earlier.slice(0, 5).map((d) => [`GitHub deployment ${d.id}`, `${d.createdAt} ${d.digest ?? d.sha}`])
    ]
  };
  return {
    outputs: {
      "live-digest": s.liveDigest ?? "",
      color: s.state.live ?? "",
      url: s.endpoints.liveUrl,
      drift: drift.join("\n")
    },
    report
  };
}
export {
  runStatus
};
//# sourceMappingURL=chunk-ETCSTWYV.mjs.map
