import { setTimeout as sleep } from "node:timers/promises";
import { cancellation, throwIfCancelled } from "../../cancel";
import { describeError, GreenlightError } from "../../errors";
import type { Logger } from "../../log";
import {
  DEFAULT_LEASE,
  formatLease,
  type Heartbeat,
  heartbeat,
  type Lease,
  type LeaseTiming,
  leaseExpiresAt,
  parseLease,
} from "../lease";
import type { HeldLock, LockInfo, LockRequest } from "../target";
import { type ContainerInfo, type Docker, inspectContainers } from "./cli";
import { tarOneFile, untarFirstFile } from "./tar";

const OWNER = "dev.greenlight.lock.owner";
const RUN_URL = "dev.greenlight.lock.run-url";
/** The whole run's expiry: what greenlight before the heartbeat reads. */
const EXPIRES = "dev.greenlight.lock.expires";
/** The lease's validity in ms: this lock has a heartbeat. */
const LEASE = "dev.greenlight.lock.lease-ms";
/** When the holder created the lock: its first lease, before the first renewal is written. */
const ACQUIRED = "dev.greenlight.lock.acquired";
/** The heartbeat file in the (never started) lock container, rewritten with `docker cp`. */
export const LEASE_FILE = "greenlight-lease.json";

/** Where the lock lives: a stopped container created by name (creation by name is atomic). */
export interface DockerLockPlace {
  docker: Docker;
  name: string;
  /** Any image present on the engine; it is never started. */
  image: string;
  labels: Record<string, string>;
  log: Logger;
  /**
   * Checks a container that holds the lock's name before it is read or removed (it may belong to
   * another environment); throws to refuse. Only a name already taken is checked: a create that
   * succeeds made the lock itself.
   */
  checkHolder?: (labels: Record<string, string>) => void;
  pollMs?: number;
  now?: () => number;
}

/**
 * The lock's holder from its labels and its heartbeat; undefined when nobody holds it. Container
 * labels cannot change after creation, so the heartbeat is a file the holder rewrites in the
 * stopped container (`docker cp` works on stopped containers and over ssh://).
 */
export async function readLock(
  docker: Docker,
  name: string,
): Promise<(LockInfo & { id: string }) | undefined> {
  return lockOf(docker, (await inspectContainers(docker, [name])).get(name));
}

/** The holder described by an inspected lock container (undefined: nobody holds it); reads its heartbeat file. */
export async function lockOf(
  docker: Docker,
  info: ContainerInfo | undefined,
): Promise<(LockInfo & { id: string }) | undefined> {
  if (!info) return undefined;
  const labels = info.Config.Labels ?? {};
  const lease = labels[LEASE] ? await readLease(docker, info.Id, labels) : undefined;
  return {
    id: info.Id,
    owner: labels[OWNER] ?? "unknown",
    ...(labels[RUN_URL] ? { runUrl: labels[RUN_URL] } : {}),
    expiresAt: lease ? leaseExpiresAt(lease) : (labels[EXPIRES] ?? new Date(0).toISOString()),
    ...(lease ? { heartbeatAt: lease.renewedAt } : {}),
  };
}

/** The newest lease: the file, or before its first renewal the one the labels describe. */
async function readLease(docker: Docker, id: string, labels: Record<string, string>): Promise<Lease> {
  const read = await docker(["cp", `${id}:/${LEASE_FILE}`, "-"], { allowFailure: true, timeoutMs: 30_000 });
  const file = read.exitCode === 0 ? untarFirstFile(Buffer.from(read.stdout, "utf8")) : undefined;
  const lease = file ? parseLease(file.toString("utf8")) : undefined;
  return lease ?? labelLease(labels);
}

/** The first lease, as the labels describe it (before the holder's first renewal). */
function labelLease(labels: Record<string, string>): Lease {
  return { renewedAt: labels[ACQUIRED] ?? "", validityMs: Number(labels[LEASE]) || 0 };
}

async function writeLease(docker: Docker, id: string, lease: Lease): Promise<void> {
  const archive = tarOneFile(LEASE_FILE, formatLease(lease), new Date(lease.renewedAt));
  await docker(["cp", "-", `${id}:/`], { input: archive, timeoutMs: 30_000 });
}

/** Takes the lock, taking over a stale one and waiting (bounded) for a live one; the holder then renews its lease. */
export async function acquireDockerLock(place: DockerLockPlace, request: LockRequest): Promise<HeldLock> {
  const now = place.now ?? Date.now;
  const lease = request.lease ?? DEFAULT_LEASE;
  const deadline = now() + request.waitMs;
  let waitedFor: string | undefined;
  for (;;) {
    throwIfCancelled(request.signal);
    const acquiredAt = new Date(now()).toISOString();
    const info: LockInfo = {
      owner: request.owner,
      ...(request.runUrl ? { runUrl: request.runUrl } : {}),
      expiresAt: leaseExpiresAt({ renewedAt: acquiredAt, validityMs: lease.validityMs }),
      heartbeatAt: acquiredAt,
    };
    const labels: Record<string, string> = {
      ...place.labels,
      [OWNER]: info.owner,
      [EXPIRES]: new Date(now() + request.ttlMs).toISOString(),
      [LEASE]: String(lease.validityMs),
      [ACQUIRED]: acquiredAt,
    };
    if (info.runUrl) labels[RUN_URL] = info.runUrl;
    const labelArgs = Object.entries(labels).flatMap(([key, value]) => ["--label", `${key}=${value}`]);
    const created = await place.docker(
      ["container", "create", "--name", place.name, "--network", "none", ...labelArgs, place.image],
      { allowFailure: true },
    );
    if (created.exitCode === 0) {
      const id = created.stdout.trim();
      const held = { ...info, id };
      const heartbeat = startHeartbeat(place, held, lease, request.onLost);
      return {
        info: held,
        release: async () => {
          await heartbeat.stop();
          await place.docker(["rm", "-f", id], { allowFailure: true });
        },
      };
    }
    if (!/conflict|already in use/i.test(created.stderr)) {
      throw new GreenlightError(`cannot create the lock container ${place.name}: ${created.stderr.trim()}`, {
        hint: `the lock is a stopped container of image ${place.image}; check that the engine can create it`,
      });
    }
    const held = (await inspectContainers(place.docker, [place.name])).get(place.name);
    if (held) place.checkHolder?.(held.Config.Labels ?? {});
    const holder = await lockOf(place.docker, held);
    if (!holder) continue; // released between our create and inspect
    const rerun = sameWorkflowRun(holder.runUrl, request.runUrl);
    if (rerun || Date.parse(holder.expiresAt) <= now()) {
      const why = rerun
        ? "held by an earlier attempt of this workflow run"
        : holder.heartbeatAt
          ? `stale: no heartbeat since ${holder.heartbeatAt}`
          : "stale";
      place.log.warn(`taking over the lock ${place.name} (${why}) of ${describeHolder(holder)}`);
      // by id: a run that took it over a moment ago keeps its fresh lock
      await place.docker(["rm", "-f", holder.id], { allowFailure: true });
      continue;
    }
    if (now() >= deadline) {
      throw new GreenlightError(`${place.name} is held by ${describeHolder(holder)}`, {
        hint: `another deploy of this environment is running; wait for it or raise lock-timeout. If that run is dead, its heartbeat stops and the lock is free after ${holder.expiresAt}; to break it now: greenlight unlock --reason <why> (--force while its heartbeat is fresh)`,
      });
    }
    if (waitedFor !== holder.id) {
      place.log.info(`waiting for the lock ${place.name}, held by ${describeHolder(holder)}`);
      waitedFor = holder.id;
    }
    const pause = Math.min(place.pollMs ?? 1000, Math.max(0, deadline - now()));
    try {
      await sleep(pause, undefined, request.signal ? { signal: request.signal } : {});
    } catch (error) {
      if (request.signal?.aborted) throw cancellation(request.signal);
      throw error;
    }
  }
}

/** Removes the lock container `holder.id` (an `unlock`); a lock created since under the same name is kept. */
export async function breakDockerLock(docker: Docker, name: string, holder: LockInfo): Promise<void> {
  if (!holder.id) throw new GreenlightError(`cannot break ${name}: the holder has no container id`);
  const removed = await docker(["rm", "-f", holder.id], { allowFailure: true });
  if (removed.exitCode !== 0 && !/no such container/i.test(removed.stderr)) {
    throw new GreenlightError(`cannot remove the lock ${name} (${holder.id}): ${removed.stderr.trim()}`);
  }
}

/**
 * Renews the lease of the lock container `id` every `renewMs`. A renewal that fails is logged and
 * retried at the next beat (the engine may be briefly unreachable); when the lock container is
 * gone or another one holds the name, the lock is lost: `onLost` is told once and the beat stops.
 */
/** Renews the lease of `held` (the lock container `held.id`) and keeps `held` telling the newest lease. */
function startHeartbeat(
  place: DockerLockPlace,
  held: LockInfo & { id: string },
  lease: LeaseTiming,
  onLost: ((why: string) => void) | undefined,
): Heartbeat {
  const now = place.now ?? Date.now;
  const id = held.id;
  const beat: Heartbeat = heartbeat(lease.renewMs, async () => {
    try {
      const renewed = { renewedAt: new Date(now()).toISOString(), validityMs: lease.validityMs };
      await writeLease(place.docker, id, renewed);
      held.heartbeatAt = renewed.renewedAt;
      held.expiresAt = leaseExpiresAt(renewed);
      return undefined;
    } catch (error) {
      if (beat.stopped) return undefined;
      const holder = await readLock(place.docker, place.name).catch(() => "unreachable" as const);
      if (holder !== "unreachable" && holder?.id !== id) {
        const why = holder
          ? `the lock ${place.name} was taken over by ${describeHolder(holder)}`
          : `the lock ${place.name} was removed (unlock, or by hand)`;
        place.log.warn(`${why}: stopping at the next safe point`);
        onLost?.(why);
        return "lost";
      }
      place.log.warn(
        `could not renew the lease of the lock ${place.name}; retrying: ${describeError(error)}`,
      );
      return undefined;
    }
  });
  return beat;
}

/**
 * Whether two run URLs are attempts of one GitHub Actions workflow run. GitHub runs one attempt of
 * a run at a time, so a lock held by an earlier attempt belongs to a run that died: a re-run takes
 * it over at once instead of waiting for it to expire. Without run URLs (the CLI) nothing matches.
 */
export function sameWorkflowRun(a: string | undefined, b: string | undefined): boolean {
  const run = (url: string | undefined) => url?.replace(/\/attempts\/\d+$/, "");
  return Boolean(a && b && /\/actions\/runs\/\d+/.test(a) && run(a) === run(b));
}

export function describeHolder(holder: LockInfo): string {
  const beat = holder.heartbeatAt ? ` (last heartbeat ${holder.heartbeatAt})` : "";
  return `${holder.owner}${holder.runUrl ? ` (${holder.runUrl})` : ""}, until ${holder.expiresAt}${beat}`;
}
