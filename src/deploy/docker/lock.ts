import { setTimeout as sleep } from "node:timers/promises";
import { GreenlightError } from "../../errors";
import type { Logger } from "../../log";
import type { HeldLock, LockInfo, LockRequest } from "../target";
import { type Docker, inspectContainers } from "./cli";

const OWNER = "dev.greenlight.lock.owner";
const RUN_URL = "dev.greenlight.lock.run-url";
const EXPIRES = "dev.greenlight.lock.expires";

/** Where the lock lives: a stopped container created by name (creation by name is atomic). */
export interface DockerLockPlace {
  docker: Docker;
  name: string;
  /** Any image present on the engine; it is never started. */
  image: string;
  labels: Record<string, string>;
  log: Logger;
  pollMs?: number;
  now?: () => number;
}

/** Reads the lock's holder from its labels; undefined when nobody holds it. */
export async function readLock(
  docker: Docker,
  name: string,
): Promise<(LockInfo & { id: string }) | undefined> {
  const info = (await inspectContainers(docker, [name])).get(name);
  if (!info) return undefined;
  const labels = info.Config.Labels ?? {};
  return {
    id: info.Id,
    owner: labels[OWNER] ?? "unknown",
    ...(labels[RUN_URL] ? { runUrl: labels[RUN_URL] } : {}),
    expiresAt: labels[EXPIRES] ?? new Date(0).toISOString(),
  };
}

/** Takes the lock, taking over a stale one and waiting (bounded) for a live one. */
export async function acquireDockerLock(place: DockerLockPlace, request: LockRequest): Promise<HeldLock> {
  const now = place.now ?? Date.now;
  const deadline = now() + request.waitMs;
  let waitedFor: string | undefined;
  for (;;) {
    const info: LockInfo = {
      owner: request.owner,
      ...(request.runUrl ? { runUrl: request.runUrl } : {}),
      expiresAt: new Date(now() + request.ttlMs).toISOString(),
    };
    const labels: Record<string, string> = {
      ...place.labels,
      [OWNER]: info.owner,
      [EXPIRES]: info.expiresAt,
    };
    if (info.runUrl) labels[RUN_URL] = info.runUrl;
    const labelArgs = Object.entries(labels).flatMap(([key, value]) => ["--label", `${key}=${value}`]);
    const created = await place.docker(
      ["container", "create", "--name", place.name, "--network", "none", ...labelArgs, place.image],
      { allowFailure: true },
    );
    if (created.exitCode === 0) {
      const id = created.stdout.trim();
      return {
        info,
        release: () => place.docker(["rm", "-f", id], { allowFailure: true }).then(() => undefined),
      };
    }
    if (!/conflict|already in use/i.test(created.stderr)) {
      throw new GreenlightError(`cannot create the lock container ${place.name}: ${created.stderr.trim()}`, {
        hint: `the lock is a stopped container of image ${place.image}; check that the engine can create it`,
      });
    }
    const holder = await readLock(place.docker, place.name);
    if (!holder) continue; // released between our create and inspect
    const rerun = sameWorkflowRun(holder.runUrl, request.runUrl);
    if (rerun || Date.parse(holder.expiresAt) <= now()) {
      const why = rerun ? "held by an earlier attempt of this workflow run" : "stale";
      place.log.warn(`taking over the lock ${place.name} (${why}) of ${describeHolder(holder)}`);
      // by id: a run that took it over a moment ago keeps its fresh lock
      await place.docker(["rm", "-f", holder.id], { allowFailure: true });
      continue;
    }
    if (now() >= deadline) {
      throw new GreenlightError(`${place.name} is held by ${describeHolder(holder)}`, {
        hint: `another deploy of this environment is running; wait for it or raise lock-timeout. If that run is dead, the lock expires at ${holder.expiresAt} (or remove it: docker rm ${place.name})`,
      });
    }
    if (waitedFor !== holder.id) {
      place.log.info(`waiting for the lock ${place.name}, held by ${describeHolder(holder)}`);
      waitedFor = holder.id;
    }
    await sleep(Math.min(place.pollMs ?? 1000, Math.max(0, deadline - now())));
  }
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

function describeHolder(holder: LockInfo): string {
  return `${holder.owner}${holder.runUrl ? ` (${holder.runUrl})` : ""}, until ${holder.expiresAt}`;
}
