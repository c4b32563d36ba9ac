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
  while (Date.now() < deadline || rounds === 0) {
    rounds++;
    const signal = options.signal;
    const problems = (
      await Promise.all(options.checks.map((check) => probe(liveUrl, signal ? { ...check, signal } : check)))
    )
      .map((seen) => seen.problem)
      .filter((problem): problem is string => problem !== undefined);
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
