import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  DEFAULT_LEASE,
  formatLease,
  heartbeat,
  leaseExpiresAt,
  parseLease
} from "./chunk-3OL7I2IW.mjs";
import {
  cancellation,
  throwIfCancelled
} from "./chunk-WXS3AS6K.mjs";
import {
  inspectContainers
} from "./chunk-LJTNHG3R.mjs";
import {
  GreenlightError,
  describeError
} from "./chunk-XAPMUR2Q.mjs";

// src/deploy/docker/lock.ts
import { setTimeout as sleep } from "node:timers/promises";

// src/deploy/docker/tar.ts
var BLOCK = 512;
function tarOneFile(name, content, mtime = /* @__PURE__ */ new Date()) {
  const body = Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8");
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name too long: ${name}`);
  const header = Buffer.alloc(BLOCK, 0);
  const field = (offset, length, value) => header.write(value, offset, length, "ascii");
  const octal = (value, length) => `${value.toString(8).padStart(length - 1, "0")}\0`;
  header.write(name, 0, 100, "utf8");
  field(100, 8, octal(420, 8));
  field(108, 8, octal(0, 8));
  field(116, 8, octal(0, 8));
  field(124, 12, octal(body.length, 12));
  field(136, 12, octal(Math.floor(mtime.getTime() / 1e3), 12));
  field(148, 8, "        ");
  field(156, 1, "0");
  field(257, 6, "ustar\0");
  field(263, 2, "00");
  let sum = 0;
  for (const byte of header) sum += byte;
  field(148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
  const padding = Buffer.alloc((BLOCK - body.length % BLOCK) % BLOCK, 0);
  return Buffer.concat([header, body, padding, Buffer.alloc(2 * BLOCK, 0)]);
}
function untarFirstFile(archive) {
  for (let offset = 0; offset + BLOCK <= archive.length; ) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return void 0;
    const size = Number.parseInt(header.toString("ascii", 124, 136).replace(/\0.*$/s, "").trim() || "0", 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const start = offset + BLOCK;
    if (type === "0" || type === "\0") return archive.subarray(start, start + size);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return void 0;
}

// src/deploy/docker/lock.ts
var OWNER = "dev.greenlight.lock.owner";
var RUN_URL = "dev.greenlight.lock.run-url";
var EXPIRES = "dev.greenlight.lock.expires";
var LEASE = "dev.greenlight.lock.lease-ms";
var ACQUIRED = "dev.greenlight.lock.acquired";
var LEASE_FILE = "greenlight-lease.json";
async function readLock(docker, name) {
  return lockOf(docker, (await inspectContainers(docker, [name])).get(name));
}
async function lockOf(docker, info) {
  if (!info) return void 0;
  const labels = info.Config.Labels ?? {};
  const lease = labels[LEASE] ? await readLease(docker, info.Id, labels) : void 0;
  return {
    id: info.Id,
    owner: labels[OWNER] ?? "unknown",
    ...labels[RUN_URL] ? { runUrl: labels[RUN_URL] } : {},
    expiresAt: lease ? leaseExpiresAt(lease) : labels[EXPIRES] ?? (/* @__PURE__ */ new Date(0)).toISOString(),
    ...lease ? { heartbeatAt: lease.renewedAt } : {}
  };
}
async function readLease(docker, id, labels) {
  const read = await docker(["cp", `${id}:/${LEASE_FILE}`, "-"], { allowFailure: true, timeoutMs: 3e4 });
  const file = read.exitCode === 0 ? untarFirstFile(Buffer.from(read.stdout, "utf8")) : void 0;
  const lease = file ? parseLease(file.toString("utf8")) : void 0;
  return lease ?? labelLease(labels);
}
function labelLease(labels) {
  return { renewedAt: labels[ACQUIRED] ?? "", validityMs: Number(labels[LEASE]) || 0 };
}
async function writeLease(docker, id, lease) {
  const archive = tarOneFile(LEASE_FILE, formatLease(lease), new Date(lease.renewedAt));
  await docker(["cp", "-", `${id}:/`], { input: archive, timeoutMs: 3e4 });
}
async function acquireDockerLock(place, request) {
  const now = place.now ?? Date.now;
  const lease = request.lease ?? DEFAULT_LEASE;
  const deadline = now() + request.waitMs;
  let waitedFor;
  for (; ; ) {
    throwIfCancelled(request.signal);
    const acquiredAt = new Date(now()).toISOString();
    const info = {
      owner: request.owner,
      ...request.runUrl ? { runUrl: request.runUrl } : {},
      expiresAt: leaseExpiresAt({ renewedAt: acquiredAt, validityMs: lease.validityMs }),
      heartbeatAt: acquiredAt
    };
    const labels = {
      ...place.labels,
      [OWNER]: info.owner,
      [EXPIRES]: new Date(now() + request.ttlMs).toISOString(),
      [LEASE]: String(lease.validityMs),
      [ACQUIRED]: acquiredAt
    };
    if (info.runUrl) labels[RUN_URL] = info.runUrl;
    const labelArgs = Object.entries(labels).flatMap(([key, value]) => ["--label", `${key}=${value}`]);
    const created = await place.docker(
      ["container", "create", "--name", place.name, "--network", "none", ...labelArgs, place.image],
      { allowFailure: true }
    );
    if (created.exitCode === 0) {
      const id = created.stdout.trim();
      const held2 = { ...info, id };
      const heartbeat2 = startHeartbeat(place, held2, lease, request.onLost);
      return {
        info: held2,
        release: async () => {
          await heartbeat2.stop();
          await place.docker(["rm", "-f", id], { allowFailure: true });
        }
      };
    }
    if (!/conflict|already in use/i.test(created.stderr)) {
      throw new GreenlightError(`cannot create the lock container ${place.name}: ${created.stderr.trim()}`, {
        hint: `the lock is a stopped container of image ${place.image}; check that the engine can create it`
      });
    }
    const held = (await inspectContainers(place.docker, [place.name])).get(place.name);
    if (held) place.checkHolder?.(held.Config.Labels ?? {});
    const holder = await lockOf(place.docker, held);
    if (!holder) continue;
    const rerun = sameWorkflowRun(holder.runUrl, request.runUrl);
    if (rerun || Date.parse(holder.expiresAt) <= now()) {
      const why = rerun ? "held by an earlier attempt of this workflow run" : holder.heartbeatAt ? `stale: no heartbeat since ${holder.heartbeatAt}` : "stale";
      place.log.warn(`taking over the lock ${place.name} (${why}) of ${describeHolder(holder)}`);
      await place.docker(["rm", "-f", holder.id], { allowFailure: true });
      continue;
    }
    if (now() >= deadline) {
      throw new GreenlightError(`${place.name} is held by ${describeHolder(holder)}`, {
        hint: `another deploy of this environment is running; wait for it or raise lock-timeout. If that run is dead, its heartbeat stops and the lock is free after ${holder.expiresAt}; to break it now: greenlight unlock --reason <why> (--force while its heartbeat is fresh)`
      });
    }
    if (waitedFor !== holder.id) {
      place.log.info(`waiting for the lock ${place.name}, held by ${describeHolder(holder)}`);
      waitedFor = holder.id;
    }
    const pause = Math.min(place.pollMs ?? 1e3, Math.max(0, deadline - now()));
    try {
      await sleep(pause, void 0, request.signal ? { signal: request.signal } : {});
    } catch (error) {
      if (request.signal?.aborted) throw cancellation(request.signal);
      throw error;
    }
  }
}
async function breakDockerLock(docker, name, holder) {
  if (!holder.id) throw new GreenlightError(`cannot break ${name}: the holder has no container id`);
  const removed = await docker(["rm", "-f", holder.id], { allowFailure: true });
  if (removed.exitCode !== 0 && !/no such container/i.test(removed.stderr)) {
    throw new GreenlightError(`cannot remove the lock ${name} (${holder.id}): ${removed.stderr.trim()}`);
  }
}
function startHeartbeat(place, held, lease, onLost) {
  const now = place.now ?? Date.now;
  const id = held.id;
  const beat = heartbeat(lease.renewMs, async () => {
    try {
      const renewed = { renewedAt: new Date(now()).toISOString(), validityMs: lease.validityMs };
      await writeLease(place.docker, id, renewed);
      held.heartbeatAt = renewed.renewedAt;
      held.expiresAt = leaseExpiresAt(renewed);
      return void 0;
    } catch (error) {
      if (beat.stopped) return void 0;
      const holder = await readLock(place.docker, place.name).catch(() => "unreachable");
      if (holder !== "unreachable" && holder?.id !== id) {
        const why = holder ? `the lock ${place.name} was taken over by ${describeHolder(holder)}` : `the lock ${place.name} was removed (unlock, or by hand)`;
        place.log.warn(`${why}: stopping at the next safe point`);
        onLost?.(why);
        return "lost";
      }
      place.log.warn(
        `could not renew the lease of the lock ${place.name}; retrying: ${describeError(error)}`
      );
      return void 0;
    }
  });
  return beat;
}
function sameWorkflowRun(a, b) {
  const run = (url) => url?.replace(/\/attempts\/\d+$/, "");
  return Boolean(a && b && /\/actions\/runs\/\d+/.test(a) && run(a) === run(b));
}
function describeHolder(holder) {
  const beat = holder.heartbeatAt ? ` (last heartbeat ${holder.heartbeatAt})` : "";
  return `${holder.owner}${holder.runUrl ? ` (${holder.runUrl})` : ""}, until ${holder.expiresAt}${beat}`;
}

export {
  lockOf,
  acquireDockerLock,
  breakDockerLock,
  sameWorkflowRun,
  describeHolder
};
//# sourceMappingURL=chunk-DQEYF2JE.mjs.map
