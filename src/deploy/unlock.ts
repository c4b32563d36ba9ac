import { GreenlightError, InputError } from "../errors";
import type { LedgerStore, ReleaseRecord } from "../ledger/record";
import type { Logger } from "../log";
import type { LockInfo, Target } from "./target";

export interface UnlockOptions {
  target: Target;
  ledger: LedgerStore;
  log: Logger;
  app: string;
  environment: string;
  actor: string;
  runUrl?: string;
  /** Why the lock is broken; recorded in the ledger. */
  reason: string;
  /** Break it even while the holder's heartbeat is fresh. */
  force: boolean;
  /** The repository the ledger record names (the app's images). */
  repository: string;
  now?: () => Date;
}

export type UnlockDecision = "free" | "refuse" | "break";

/** Whether `unlock` breaks a lock: a stale heartbeat always, a fresh one only with force. Pure. */
export function decideUnlock(holder: LockInfo | undefined, force: boolean, now: number): UnlockDecision {
  if (!holder) return "free";
  return lockFresh(holder, now) && !force ? "refuse" : "break";
}

/** Whether the holder's lease (its last heartbeat plus validity) still runs at `now`. Pure. */
export function lockFresh(holder: LockInfo, now: number): boolean {
  return Date.parse(holder.expiresAt) > now;
}

export interface UnlockResult {
  /** The lock that was broken; undefined when the environment was not locked. */
  broken: LockInfo | undefined;
  fresh: boolean;
  recordId: string | undefined;
}

/**
 * Breaks the environment's deploy lock on purpose (a holder that is dead or stuck), and records
 * who broke whose lock and why in the ledger. A holder whose heartbeat is fresh is alive: refused
 * unless `force`. Only that holder's lock is removed; a run that took the lock since keeps it.
 */
export async function unlock(options: UnlockOptions): Promise<UnlockResult> {
  const { target, app, environment } = options;
  if (!options.reason.trim()) {
    throw new InputError("reason", "is required by unlock", "why the lock is broken, e.g. 'runner died'");
  }
  const now = (options.now?.() ?? new Date()).getTime();
  const holder = (await target.readState()).lock;
  const decision = decideUnlock(holder, options.force, now);
  if (decision === "free" || !holder) {
    options.log.info(`${app}/${environment} is not locked; nothing to do`);
    return { broken: undefined, fresh: false, recordId: undefined };
  }
  const fresh = lockFresh(holder, now);
  const who = `${holder.owner}${holder.runUrl ? ` (${holder.runUrl})` : ""}`;
  if (decision === "refuse") {
    throw new GreenlightError(
      `unlock ${app}/${environment}: the lock is held by ${who}, whose heartbeat is fresh (last ${holder.heartbeatAt ?? "unknown"}, valid until ${holder.expiresAt})`,
      {
        hint: "that run is alive: cancel it, or wait for it; force: true breaks the lock anyway (the run then stops at its next safe point)",
      },
    );
  }
  await target.breakLock(holder);
  options.log.warn(`broke the lock of ${who}${fresh ? " (its heartbeat was fresh: forced)" : ""}`);
  const record: ReleaseRecord = {
    release: `unlock-${new Date(now)
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d+Z$/, "Z")}`,
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
    ...(options.runUrl ? { runUrl: options.runUrl } : {}),
    reason: options.reason,
    brokenLock: {
      owner: holder.owner,
      ...(holder.runUrl ? { runUrl: holder.runUrl } : {}),
      ...(holder.heartbeatAt ? { heartbeatAt: holder.heartbeatAt } : {}),
      expiresAt: holder.expiresAt,
      fresh,
    },
  };
  const recordId = await options.ledger.append(record);
  return { broken: holder, fresh, recordId };
}
