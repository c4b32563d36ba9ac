// The deploy lock on Kubernetes: a coordination.k8s.io Lease, with the Docker lock's semantics
// (src/deploy/docker/lock.ts). Creating a Lease by name is atomic; the holder renews `renewTime`
// every `renewMs` (each renewal a replace guarded by resourceVersion, so a takeover in between
// is seen); a holder that stops renewing loses the lock `validityMs` after its last renewal; a
// stale Lease is deleted with a precondition on its uid and resourceVersion, so a run that took
// it over a moment ago keeps its fresh lock.
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { type CoordinationV1Api, type V1Lease, V1MicroTime } from "@kubernetes/client-node";
import { throwIfCancelled } from "../../cancel";
import { describeError, GreenlightError } from "../../errors";
import type { Logger } from "../../log";
import { describeHolder, sameWorkflowRun } from "../docker/lock";
import { DEFAULT_LEASE, type Heartbeat, heartbeat, type LeaseTiming, leaseExpiresAt } from "../lease";
import type { HeldLock, LockInfo, LockRequest } from "../target";
import { apiError, orAbsent, statusCode } from "./client";

const OWNER = "dev.greenlight.lock.owner";
const RUN_URL = "dev.greenlight.lock.run-url";
/** The lease's validity in ms (the Lease's own leaseDurationSeconds is whole seconds). */
const LEASE_MS = "dev.greenlight.lock.lease-ms";

export interface LeasePlace {
  api: CoordinationV1Api;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  log: Logger;
  pollMs?: number;
  now?: () => number;
}

/** The holder of the Lease, with its uid as the handle; undefined when nobody holds it. */
export async function readLeaseLock(place: LeasePlace): Promise<(LockInfo & { id: string }) | undefined> {
  const lease = await orAbsent(
    place.api.readNamespacedLease({ name: place.name, namespace: place.namespace }),
  );
  return lease ? holderOf(lease) : undefined;
}

function holderOf(lease: V1Lease): LockInfo & { id: string } {
  const annotations = lease.metadata?.annotations ?? {};
  const validityMs = Number(annotations[LEASE_MS]) || (lease.spec?.leaseDurationSeconds ?? 0) * 1000;
  const renewed = lease.spec?.renewTime ?? lease.spec?.acquireTime;
  const renewedAt = renewed ? new Date(renewed).toISOString() : "";
  return {
    id: lease.metadata?.uid ?? "",
    owner: annotations[OWNER] ?? lease.spec?.holderIdentity ?? "unknown",
    ...(annotations[RUN_URL] ? { runUrl: annotations[RUN_URL] } : {}),
    expiresAt: leaseExpiresAt({ renewedAt, validityMs }),
    ...(renewedAt ? { heartbeatAt: renewedAt } : {}),
  };
}

/** Takes the Lease, taking over a stale one and waiting (bounded) for a live one; the holder then renews it. */
export async function acquireLeaseLock(place: LeasePlace, request: LockRequest): Promise<HeldLock> {
  const now = place.now ?? Date.now;
  const timing = request.lease ?? DEFAULT_LEASE;
  const deadline = now() + request.waitMs;
  const identity = `${request.owner}-${randomBytes(6).toString("hex")}`;
  let waitedFor: string | undefined;
  for (;;) {
    throwIfCancelled(request.signal);
    const at = new V1MicroTime(now()); // the API wants microseconds: a plain Date is refused
    const lease: V1Lease = {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: {
        name: place.name,
        namespace: place.namespace,
        labels: place.labels,
        annotations: {
          [OWNER]: request.owner,
          [LEASE_MS]: String(timing.validityMs),
          ...(request.runUrl ? { [RUN_URL]: request.runUrl } : {}),
        },
      },
      spec: {
        holderIdentity: identity,
        leaseDurationSeconds: Math.max(1, Math.ceil(timing.validityMs / 1000)),
        acquireTime: at,
        renewTime: at,
      },
    };
    let created: V1Lease | undefined;
    try {
      created = await place.api.createNamespacedLease({ namespace: place.namespace, body: lease });
    } catch (error) {
      if (statusCode(error) !== 409) throw apiError(error, `cannot create the Lease ${place.name}`);
    }
    if (created) {
      const held = holderOf(created);
      const heartbeat = startHeartbeat(place, created, timing, request.onLost);
      return {
        info: held,
        release: async () => {
          await heartbeat.stop();
          await deleteLease(place, held.id).catch((error) =>
            place.log.warn(`could not delete the Lease ${place.name}: ${describeError(error)}`),
          );
        },
      };
    }
    const current = await orAbsent(
      place.api.readNamespacedLease({ name: place.name, namespace: place.namespace }),
    );
    if (!current) continue; // released between our create and read
    const holder = holderOf(current);
    const rerun = sameWorkflowRun(holder.runUrl, request.runUrl);
    if (rerun || Date.parse(holder.expiresAt) <= now()) {
      const why = rerun
        ? "held by an earlier attempt of this workflow run"
        : `stale: no heartbeat since ${holder.heartbeatAt ?? "ever"}`;
      place.log.warn(`taking over the Lease ${place.name} (${why}) of ${describeHolder(holder)}`);
      await deleteLease(place, holder.id, current.metadata?.resourceVersion);
      continue;
    }
    if (now() >= deadline) {
      throw new GreenlightError(
        `the Lease ${place.namespace}/${place.name} is held by ${describeHolder(holder)}`,
        {
          hint: `another deploy of this environment is running; wait for it or raise lock-timeout. If that run is dead, its heartbeat stops and the lock is free after ${holder.expiresAt}; to break it now: greenlight unlock --reason <why>`,
        },
      );
    }
    if (waitedFor !== holder.id) {
      place.log.info(`waiting for the Lease ${place.name}, held by ${describeHolder(holder)}`);
      waitedFor = holder.id;
    }
    await sleep(Math.min(place.pollMs ?? 1000, Math.max(0, deadline - now())) || 1, undefined, {
      signal: request.signal,
    }).catch(() => undefined);
  }
}

/** Deletes the Lease only if it is still the one with `uid` (and, when given, unchanged since read). */
async function deleteLease(place: LeasePlace, uid: string, resourceVersion?: string): Promise<void> {
  try {
    await place.api.deleteNamespacedLease({
      name: place.name,
      namespace: place.namespace,
      body: { preconditions: { uid, ...(resourceVersion ? { resourceVersion } : {}) } },
    });
  } catch (error) {
    const code = statusCode(error);
    if (code === 404 || code === 409) return; // gone, or another holder's now: keep theirs
    throw apiError(error, `cannot delete the Lease ${place.name}`);
  }
}

/** `unlock`: deletes the Lease of exactly this holder. */
export async function breakLeaseLock(place: LeasePlace, holder: LockInfo): Promise<void> {
  if (!holder.id) throw new GreenlightError(`cannot break ${place.name}: the holder has no Lease uid`);
  await deleteLease(place, holder.id);
}

function startHeartbeat(
  place: LeasePlace,
  created: V1Lease,
  timing: LeaseTiming,
  onLost: ((why: string) => void) | undefined,
): Heartbeat {
  const now = place.now ?? Date.now;
  const uid = created.metadata?.uid;
  let mine = created;
  const lost = (why: string): "lost" => {
    place.log.warn(`${why}: stopping at the next safe point`);
    onLost?.(why);
    return "lost";
  };
  const beat: Heartbeat = heartbeat(timing.renewMs, async () => {
    try {
      const acquired = mine.spec?.acquireTime;
      const body: V1Lease = {
        ...mine,
        spec: {
          ...mine.spec,
          ...(acquired ? { acquireTime: new V1MicroTime(acquired) } : {}),
          renewTime: new V1MicroTime(now()),
        },
      };
      mine = await place.api.replaceNamespacedLease({ name: place.name, namespace: place.namespace, body });
      return undefined;
    } catch (error) {
      if (beat.stopped) return undefined;
      const code = statusCode(error);
      if (code === 404) return lost(`the Lease ${place.name} was removed (unlock, or by hand)`);
      if (code === 409) {
        const current = await orAbsent(
          place.api.readNamespacedLease({ name: place.name, namespace: place.namespace }),
        ).catch(() => "unreachable" as const);
        if (current === "unreachable") return undefined;
        if (!current) return lost(`the Lease ${place.name} was removed (unlock, or by hand)`);
        if (current.metadata?.uid !== uid || current.spec?.holderIdentity !== mine.spec?.holderIdentity) {
          return lost(`the Lease ${place.name} was taken over by ${describeHolder(holderOf(current))}`);
        }
        mine = current; // edited by someone else (labels) but still ours: renew on top of it next time
        return undefined;
      }
      place.log.warn(`could not renew the Lease ${place.name}; retrying: ${describeError(error)}`);
      return undefined;
    }
  });
  return beat;
}
