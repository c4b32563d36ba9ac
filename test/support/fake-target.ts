// An in-memory Target for fast unit tests of the blue-green state machine. It keeps the contract
// of src/deploy/target.ts the real targets keep: every method idempotent, `start` refuses what is
// not pinned by digest and fails for an image it was told cannot run, `switchLive` moves live and
// preview at once, and the lock is a lease with a heartbeat (a holder that stops renewing loses it
// after the validity; a live holder is waited for, then named in the error).
import { setTimeout as sleep } from "node:timers/promises";
import { throwIfCancelled } from "../../src/cancel";
import { describeHolder, sameWorkflowRun } from "../../src/deploy/docker/lock";
import { DEFAULT_LEASE, type Lease, leaseExpiresAt, leaseStale } from "../../src/deploy/lease";
import {
  type Color,
  type ColorState,
  type Endpoints,
  type HeldLock,
  type LockInfo,
  type LockRequest,
  otherColor,
  type StartSpec,
  type Target,
  type TargetState,
} from "../../src/deploy/target";
import { GreenlightError } from "../../src/errors";
import { parseReference } from "../../src/image/reference";

interface FakeColor {
  image: string;
  digest: string;
  release: string;
  running: boolean;
  status: string;
  restarts: number;
  /** Kept at 0 replicas after its keep window (as the Kubernetes target keeps the previous color). */
  scaledDown?: boolean;
}

interface FakeLock {
  id: string;
  owner: string;
  runUrl?: string;
  lease: Lease;
}

export class FakeTarget implements Target {
  readonly description: string;
  /** What each image answers on `/` when it runs; an image absent here never becomes available. */
  readonly bodies = new Map<string, string>();
  /** Why an image cannot run (as a real target reports it), keyed by image. */
  readonly failures = new Map<string, string>();
  readonly colors: Partial<Record<Color, FakeColor>> = {};
  live: Color | undefined;
  preview: Color | undefined;
  lock: FakeLock | undefined;
  prepared = false;
  private nextLockId = 1;

  constructor(
    readonly app: string,
    readonly environment: string,
    readonly now: () => number = Date.now,
  ) {
    this.description = `fake ${app}/${environment}`;
  }

  async prepare(): Promise<void> {
    this.prepared = true;
  }

  async readState(): Promise<TargetState> {
    const colors: TargetState["colors"] = {};
    for (const [color, c] of Object.entries(this.colors) as [Color, FakeColor][]) {
      colors[color] = colorState(color, c);
    }
    const lock = this.lock;
    return {
      app: this.app,
      environment: this.environment,
      live: this.live,
      preview: this.preview,
      colors,
      ...(lock ? { lock: lockInfo(lock) } : {}),
      driftFacts: [],
    };
  }

  async start(spec: StartSpec): Promise<void> {
    if (parseReference(spec.image, "image").digest !== spec.digest) {
      throw new GreenlightError(`refusing to start ${spec.image}: not pinned by the digest ${spec.digest}`);
    }
    await this.retire(spec.color);
    const failure = this.failures.get(spec.image);
    this.colors[spec.color] = {
      image: spec.image,
      digest: spec.digest,
      release: spec.release,
      running: !failure,
      status: failure ?? "running",
      restarts: failure ? 3 : 0,
    };
    if (failure)
      throw new GreenlightError(`${spec.color} (${spec.image}) did not become available: ${failure}`);
  }

  async exposePreview(color: Color): Promise<void> {
    this.preview = color;
  }

  async switchLive(color: Color): Promise<void> {
    this.live = color;
    this.preview = otherColor(color);
  }

  async scaleUp(color: Color): Promise<void> {
    const c = this.colors[color];
    if (c?.scaledDown) Object.assign(c, { running: true, status: "running", scaledDown: false });
  }

  async retire(color: Color): Promise<void> {
    delete this.colors[color];
  }

  async acquireLock(request: LockRequest): Promise<HeldLock> {
    const lease = request.lease ?? DEFAULT_LEASE;
    const deadline = this.now() + request.waitMs;
    for (;;) {
      throwIfCancelled(request.signal);
      const holder = this.lock;
      if (!holder || sameWorkflowRun(holder.runUrl, request.runUrl) || leaseStale(holder.lease, this.now())) {
        const mine: FakeLock = {
          id: `lock-${this.nextLockId++}`,
          owner: request.owner,
          ...(request.runUrl ? { runUrl: request.runUrl } : {}),
          lease: { renewedAt: new Date(this.now()).toISOString(), validityMs: lease.validityMs },
        };
        this.lock = mine;
        return this.hold(mine, lease.renewMs, request.onLost);
      }
      if (this.now() >= deadline) {
        throw new GreenlightError(
          `the lock of ${this.app}/${this.environment} is held by ${describeHolder(lockInfo(holder))}`,
        );
      }
      await sleep(Math.min(50, lease.renewMs));
    }
  }

  /** Plants the lock of a run that died: its heartbeat stopped `ageMs` ago. */
  plantDeadLock(owner: string, ageMs: number, validityMs = 1000): void {
    this.lock = {
      id: `lock-${this.nextLockId++}`,
      owner,
      lease: { renewedAt: new Date(this.now() - ageMs).toISOString(), validityMs },
    };
  }

  private hold(mine: FakeLock, renewMs: number, onLost?: (why: string) => void): HeldLock {
    const timer = setInterval(() => {
      if (this.lock?.id === mine.id) {
        mine.lease = { ...mine.lease, renewedAt: new Date(this.now()).toISOString() };
        return;
      }
      clearInterval(timer);
      onLost?.(this.lock ? `taken over by ${this.lock.owner}` : "the lock was removed");
    }, renewMs);
    timer.unref();
    return {
      info: lockInfo(mine),
      release: async () => {
        clearInterval(timer);
        if (this.lock?.id === mine.id) this.lock = undefined;
      },
    };
  }

  async breakLock(holder: LockInfo): Promise<void> {
    if (this.lock && this.lock.id === holder.id) this.lock = undefined;
  }

  endpoints(): Endpoints {
    return { liveUrl: `fake://${this.app}/live`, previewUrl: `fake://${this.app}/preview` };
  }

  /** What an endpoint URL answers, as a client would see it; throws like a refused connection. */
  serve(url: string): string {
    const route = url.endsWith("/live") ? this.live : url.endsWith("/preview") ? this.preview : undefined;
    const color = route ? this.colors[route] : undefined;
    if (!color?.running) throw new Error(`${url}: connection refused`);
    return this.bodies.get(color.image) ?? "";
  }
}

function colorState(color: Color, c: FakeColor): ColorState {
  return {
    color,
    running: c.running,
    status: c.status,
    image: c.image,
    digest: c.digest,
    release: c.release,
    labels: { "dev.greenlight.digest": c.digest, "dev.greenlight.release": c.release },
    restarts: c.restarts,
    ...(c.scaledDown ? { scaledDown: true } : {}),
  };
}

function lockInfo(lock: FakeLock): LockInfo {
  return {
    owner: lock.owner,
    ...(lock.runUrl ? { runUrl: lock.runUrl } : {}),
    expiresAt: leaseExpiresAt(lock.lease),
    heartbeatAt: lock.lease.renewedAt,
    id: lock.id,
  };
}
