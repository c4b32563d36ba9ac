import { InputError } from "../errors";

/**
 * A lock holder's heartbeat: the time it last renewed its lease and how long that renewal keeps
 * the lock. The holder renews every `renewMs`; a holder that stops renewing (killed, its machine
 * gone) loses the lock `validityMs` after its last renewal. Times are the holder's clock, so the
 * clocks of the machines deploying one environment must agree to within validity less renewal.
 */
export interface Lease {
  /** ISO time of the last renewal. */
  renewedAt: string;
  validityMs: number;
}

/** How long a lease is valid and how often its holder renews it. */
export interface LeaseTiming {
  validityMs: number;
  renewMs: number;
}

/** 30 s validity renewed every 10 s: a dead holder's lock is free within 30 s. */
export const DEFAULT_LEASE: LeaseTiming = { validityMs: 30_000, renewMs: 10_000 };

/** The lease timing for a validity in seconds: renewed every third of it. */
export function leaseTiming(validitySeconds: number): LeaseTiming {
  if (!Number.isInteger(validitySeconds) || validitySeconds < 3 || validitySeconds > 3600) {
    throw new InputError("lock-heartbeat", `'${validitySeconds}' is out of range`, "3 to 3600 seconds");
  }
  return { validityMs: validitySeconds * 1000, renewMs: Math.floor((validitySeconds * 1000) / 3) };
}

/** When the lease runs out unless renewed; an unreadable renewal time counts as long past. */
export function leaseExpiresAt(lease: Lease): string {
  const renewed = Date.parse(lease.renewedAt);
  return new Date((Number.isNaN(renewed) ? 0 : renewed) + lease.validityMs).toISOString();
}

/** Whether the holder has not renewed for the lease's validity, as of `now` (ms since the epoch). */
export function leaseStale(lease: Lease, now: number): boolean {
  return Date.parse(leaseExpiresAt(lease)) <= now;
}

/** The lease file's text. */
export function formatLease(lease: Lease): string {
  return `${JSON.stringify(lease)}\n`;
}

/** Reads a lease file's text; undefined when it is not a lease. */
export function parseLease(text: string): Lease | undefined {
  try {
    const value = JSON.parse(text) as Partial<Lease>;
    if (typeof value.renewedAt !== "string" || Number.isNaN(Date.parse(value.renewedAt))) return undefined;
    if (typeof value.validityMs !== "number" || !(value.validityMs > 0)) return undefined;
    return { renewedAt: value.renewedAt, validityMs: value.validityMs };
  } catch {
    return undefined;
  }
}

/** A running heartbeat; `stopped` once stopped or once a renewal found the lock lost. */
export interface Heartbeat {
  readonly stopped: boolean;
  /** Stops the beat and waits for a renewal in flight. */
  stop(): Promise<void>;
}

/**
 * Calls `renew` every `renewMs` (each beat after the previous one ends) until stopped, or until a
 * renewal returns "lost" (the lock was taken over or removed: the holder was told, the beat ends).
 * A renewal that throws is retried at the next beat. The timer does not keep the process alive.
 */
export function heartbeat(renewMs: number, renew: () => Promise<"lost" | undefined>): Heartbeat {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let beat: Promise<void> = Promise.resolve();
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      beat = renew()
        .then(
          (outcome) => {
            if (outcome === "lost") stopped = true;
          },
          () => undefined,
        )
        .finally(schedule);
    }, renewMs);
    timer.unref();
  };
  schedule();
  return {
    get stopped() {
      return stopped;
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await beat.catch(() => undefined);
    },
  };
}
