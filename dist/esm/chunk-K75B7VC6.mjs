import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  GreenlightError,
  InputError
} from "./chunk-XAPMUR2Q.mjs";

// src/deploy/unlock.ts
function decideUnlock(holder, force, now) {
  if (!holder) return "free";
  return lockFresh(holder, now) && !force ? "refuse" : "break";
}
function lockFresh(holder, now) {
  return Date.parse(holder.expiresAt) > now;
}
async function unlock(options) {
  const { target, app, environment } = options;
  if (!options.reason.trim()) {
    throw new InputError("reason", "is required by unlock", "why the lock is broken, e.g. 'runner died'");
  }
  const now = (options.now?.() ?? /* @__PURE__ */ new Date()).getTime();
  const holder = (await target.readState()).lock;
  const decision = decideUnlock(holder, options.force, now);
  if (decision === "free" || !holder) {
    options.log.info(`${app}/${environment} is not locked; nothing to do`);
    return { broken: void 0, fresh: false, recordId: void 0 };
  }
  const fresh = lockFresh(holder, now);
  const who = `${holder.owner}${holder.runUrl ? ` (${holder.runUrl})` : ""}`;
  if (decision === "refuse") {
    throw new GreenlightError(
      `unlock ${app}/${environment}: the lock is held by ${who}, whose heartbeat is fresh (last ${holder.heartbeatAt ?? "unknown"}, valid until ${holder.expiresAt})`,
      {
        hint: "that run is alive: cancel it, or wait for it; force: true breaks the lock anyway (the run then stops at its next safe point)"
      }
    );
  }
  await target.breakLock(holder);
  options.log.warn(`broke the lock of ${who}${fresh ? " (its heartbeat was fresh: forced)" : ""}`);
  const record = {
    release: `unlock-${new Date(now).toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}`,
    app,
    environment,
    action: "unlock",
    outcome: "unlocked",
    repository: options.repository,
    digest: "",
    color: "blue",
    gates: [],
    actor: options.actor,
    time: new Date(now).toISOString(),
    ...options.runUrl ? { runUrl: options.runUrl } : {},
    reason: options.reason,
    brokenLock: {
      owner: holder.owner,
      ...holder.runUrl ? { runUrl: holder.runUrl } : {},
      ...holder.heartbeatAt ? { heartbeatAt: holder.heartbeatAt } : {},
      expiresAt: holder.expiresAt,
      fresh
    }
  };
  const recordId = await options.ledger.append(record);
  return { broken: holder, fresh, recordId };
}

export {
  decideUnlock,
  unlock
};
//# sourceMappingURL=chunk-K75B7VC6.mjs.map
