import { type HttpCheck, pause, probe } from "./checks";
import type { GateResult } from "./result";

/** The post-promotion watch window. */
export interface WatchOptions {
  /** Checks run against the live URL each round (a single attempt each; retries are ignored). */
  checks: readonly HttpCheck[];
  /** Length of the window in seconds; 0 skips the watch. */
  seconds: number;
  /** Seconds between rounds (default 2). */
  intervalSeconds?: number;
  /** Consecutive failed rounds that fail the watch (default 3). */
  failureThreshold?: number;
  /** Ends the window early (the run was stopped). */
  signal?: AbortSignal;
  /** Told what is watched, then rounds at the rate `progressDue` allows: a person sees the watch move. */
  onProgress?: (line: string) => void;
}

/** What the watch checks, said once as it starts. */
export function watchStartLine(liveUrl: string, options: WatchOptions): string {
  const checks = options.checks.map((c) => `${c.path} ${c.status ?? 200}`).join(", ");
  return `watching ${liveUrl} for ${options.seconds} s: ${checks} every ${options.intervalSeconds ?? 2} s; ${options.failureThreshold ?? 3} failed checks in a row switch back`;
}

/** One check round: its number, its verdict, how long the window has left. */
export function watchProgressLine(
  liveUrl: string,
  round: number,
  problem: string | undefined,
  leftMs: number,
): string {
  return `watching ${liveUrl}: check ${round}, ${problem === undefined ? "ok" : `failed (${problem})`}, ${Math.max(0, Math.ceil(leftMs / 1000))} s left`;
}

/**
 * Whether a round is said: the first, every failed one and the first ok after a failure, otherwise
 * one every tenth of the window and at least 10 s apart (a one-hour watch prints about ten lines).
 */
export function progressDue(round: {
  number: number;
  failed: boolean;
  recovered: boolean;
  sinceLastLineMs: number;
  windowMs: number;
}): boolean {
  if (round.number === 1 || round.failed || round.recovered) return true;
  return round.sinceLastLineMs >= Math.max(10_000, round.windowMs / 10);
}

/** Watches the live URL for the window; fails on `failureThreshold` consecutive failed rounds. */
export async function watchLive(liveUrl: string, options: WatchOptions): Promise<GateResult> {
  const started = Date.now();
  const threshold = options.failureThreshold ?? 3;
  const interval = (options.intervalSeconds ?? 2) * 1000;
  const deadline = started + options.seconds * 1000;
  let rounds = 0;
  let failedRounds = 0;
  let consecutive = 0;
  let lastProblem = "";
  const result = (passed: boolean, detail: string): GateResult => ({
    name: "watch",
    kind: "watch",
    passed,
    detail,
    durationMs: Date.now() - started,
  });
  if (options.seconds <= 0 || options.checks.length === 0) return result(true, "no watch window configured");
  options.onProgress?.(watchStartLine(liveUrl, options));
  let lastLineAt = started;
  while (Date.now() < deadline || rounds === 0) {
    rounds++;
    const signal = options.signal;
    const problems = (
      await Promise.all(options.checks.map((check) => probe(liveUrl, signal ? { ...check, signal } : check)))
    )
      .map((seen) => seen.problem)
      .filter((problem): problem is string => problem !== undefined);
    const now = Date.now();
    const due = progressDue({
      number: rounds,
      failed: problems.length > 0,
      recovered: problems.length === 0 && consecutive > 0,
      sinceLastLineMs: now - lastLineAt,
      windowMs: options.seconds * 1000,
    });
    if (options.onProgress && due) {
      options.onProgress(watchProgressLine(liveUrl, rounds, problems[0], deadline - now));
      lastLineAt = now;
    }
    if (problems.length > 0) {
      failedRounds++;
      consecutive++;
      lastProblem = problems[0] ?? "";
      if (consecutive >= threshold) {
        return result(false, `${consecutive} consecutive failed rounds (of ${rounds}): ${lastProblem}`);
      }
    } else {
      consecutive = 0;
    }
    if (Date.now() + interval > deadline || options.signal?.aborted) break;
    await pause(interval, options.signal);
    if (options.signal?.aborted) break;
  }
  const note = failedRounds ? `, ${failedRounds} failed (last: ${lastProblem})` : "";
  return result(true, `${rounds} rounds over ${options.seconds}s against ${liveUrl}${note}`);
}
