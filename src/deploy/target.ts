import type { Color } from "../ledger/record";
import type { LeaseTiming } from "./lease";

export type { Color };
export const COLORS: readonly Color[] = ["blue", "green"];

/** The other color. */
export function otherColor(color: Color): Color {
  return color === "blue" ? "green" : "blue";
}

/** What the target runs as one color (a container, or a Deployment on Kubernetes). */
export interface ColorState {
  color: Color;
  /** Whether the color is up (container running / replicas available). */
  running: boolean;
  /** Short status a person reads, e.g. `running`, `exited (3)`, `restarting`. */
  status: string;
  /** The image it runs, as given at start: `repo@sha256:…`. */
  image: string;
  /** The digest from the `dev.greenlight.digest` label. */
  digest: string | undefined;
  /** The release id from the `dev.greenlight.release` label. */
  release: string | undefined;
  /** Every greenlight label (`dev.greenlight.*`). */
  labels: Record<string, string>;
  /** How often the engine restarted it (a crash loop shows here while `running` may still be true). */
  restarts: number;
  /** When it started (ISO time), if known. */
  startedAt?: string;
  /**
   * Kept at zero replicas after its keep window (Kubernetes `keep-seconds`): not running, but a
   * switch back to it scales it up and waits until it is available first (`scaleUp`).
   */
  scaledDown?: boolean;
}

/** Who holds the deploy lock of an environment. */
export interface LockInfo {
  owner: string;
  runUrl?: string;
  /** ISO time after which the lock is stale and may be taken over (the heartbeat's lease end). */
  expiresAt: string;
  /** ISO time of the holder's last heartbeat; absent for a lock without one (an older greenlight). */
  heartbeatAt?: string;
  /** The target's handle of this holder (the lock container's id), for breaking exactly this lock. */
  id?: string;
}

/** One environment as the target sees it. */
export interface TargetState {
  app: string;
  environment: string;
  /** The color live traffic goes to; undefined before the first promotion. */
  live: Color | undefined;
  /** The color the preview endpoint serves. */
  preview: Color | undefined;
  colors: Partial<Record<Color, ColorState>>;
  lock?: LockInfo;
  /** Facts the target itself finds suspicious (a label that disagrees with the image, a router whose saved map differs from its runtime map). */
  driftFacts: string[];
}

export interface Endpoints {
  liveUrl: string;
  previewUrl: string;
}

/** What to start as a color. */
export interface StartSpec {
  color: Color;
  /** `registry/repository@sha256:…`; a target refuses anything not pinned by digest. */
  image: string;
  digest: string;
  release: string;
  /** The digest live when it was staged, kept beside it where the target can (Kubernetes annotations). */
  previousDigest?: string;
}

export interface LockRequest {
  owner: string;
  runUrl?: string;
  /** How long the lock is valid; after that another run may take it over. */
  ttlMs: number;
  /** How long to wait for a lock someone else holds before failing with their name. */
  waitMs: number;
  /** The heartbeat: how long each renewal keeps the lock and how often the holder renews (default 30 s/10 s). */
  lease?: LeaseTiming;
  /** Stops the wait for another run's lock. */
  signal?: AbortSignal;
  /** Called once when the heartbeat finds the lock taken over or removed: the holder must stop. */
  onLost?: (why: string) => void;
}

/** A held lock; `release` is idempotent and only releases this holder's lock. */
export interface HeldLock {
  info: LockInfo;
  release(): Promise<void>;
}

/**
 * A place blue-green deployments happen: the Docker target (containers + HAProxy router) now,
 * Kubernetes (Deployments per color, Services live/preview, a Lease as the lock) later.
 * Every method is idempotent: calling it again after a crash converges on the same state.
 */
export interface Target {
  /** e.g. `docker app-production (unix:///var/run/docker.sock)`; for logs and errors. */
  readonly description: string;
  /** Creates what the environment needs around the colors (network, router; namespace, Services). */
  prepare(): Promise<void>;
  readState(): Promise<TargetState>;
  /**
   * Starts `spec.color` from the digest, replacing whatever ran as that color, and waits until it
   * runs (and is healthy where health is known). Fails with the color's last log lines.
   */
  start(spec: StartSpec): Promise<void>;
  /** Points the preview endpoint at a color; live is untouched. */
  exposePreview(color: Color): Promise<void>;
  /**
   * Atomically sends live traffic to `color` and preview to the other color. `fallbackToOther`
   * (a forward switch): while `color` is down, the other color (live until now) serves live, until
   * it is replaced; any other switch leaves no fallback.
   */
  switchLive(color: Color, options?: { fallbackToOther?: boolean }): Promise<void>;
  /**
   * Brings a color that was scaled down after its keep window back to its replicas and waits until
   * it is available; returns at once when it serves already. Only targets that scale down have it.
   */
  scaleUp?(color: Color): Promise<void>;
  /** Stops and removes a color; a color that does not exist is fine. */
  retire(color: Color): Promise<void>;
  acquireLock(request: LockRequest): Promise<HeldLock>;
  /** Removes the lock held by `holder.id` (`unlock`); a lock taken since by someone else is kept. */
  breakLock(holder: LockInfo): Promise<void>;
  endpoints(): Endpoints;
}
