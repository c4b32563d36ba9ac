import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  unlock
} from "./chunk-K75B7VC6.mjs";
import {
  repositoryName
} from "./chunk-UEFSGM5H.mjs";
import {
  GreenlightError,
  InputError
} from "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";

// src/commands/unlock.ts
async function runUnlock(s) {
  const { config, ctx } = s;
  const d = config.deploy;
  if (!d.reason) {
    throw new InputError("reason", "is required by unlock", "why the lock is broken, e.g. 'runner died'");
  }
  const repo = d.ledgerRepository ?? config.image;
  if (!repo) {
    throw new GreenlightError("unlock records in the release ledger, which needs a repository", {
      hint: "set 'image' (the ledger lives beside the images) or 'ledger-repository'"
    });
  }
  const engine = await s.engine();
  const result = await unlock({
    ...engine,
    reason: d.reason,
    force: d.force,
    repository: repositoryName(repo),
    now: ctx.now
  });
  const holder = result.broken;
  return {
    outputs: {},
    report: {
      title: holder ? `${d.app}/${d.environment}: unlocked (broke the lock of ${holder.owner})` : `${d.app}/${d.environment}: not locked; nothing changed`,
      facts: holder ? [
        ["holder", `${holder.owner}${holder.runUrl ? ` (${holder.runUrl})` : ""}`],
        ["last heartbeat", holder.heartbeatAt ?? "none (a lock without a heartbeat)"],
        ["heartbeat", result.fresh ? "fresh: broken with force" : `stale since ${holder.expiresAt}`],
        ["reason", d.reason],
        ["by", ctx.actor],
        ["ledger record", result.recordId ?? "-"]
      ] : [["lock", "free"]]
    }
  };
}
export {
  runUnlock
};
//# sourceMappingURL=chunk-GZH2KDOJ.mjs.map
