import type { Color } from "../ledger/record";
import { type HttpCheck, runHttpChecks } from "./checks";
import { runSmokeCommand, type SmokeCommand } from "./command";
import { type JunitThresholds, junitGate } from "./junit";
import type { GateResult } from "./result";
import { type WatchOptions, watchLive } from "./watch";

/** What a gate is told about the release under test. */
export interface ReleaseUnderTest {
  digest: string;
  image: string;
  color: Color;
  previewUrl: string;
  liveUrl: string;
  /** Aborted when the run is stopped: a gate then returns early (its result is not used). */
  signal?: AbortSignal;
}

/** A gate the blue-green engine runs at its point in the deploy. */
export interface NamedGate {
  name: string;
  kind: GateResult["kind"];
  run(release: ReleaseUnderTest): Promise<GateResult | GateResult[]>;
}

/** Before staging: JUnit files or globs from earlier jobs. */
export function testResultsGate(
  patterns: readonly string[],
  thresholds: JunitThresholds = {},
  cwd?: string,
): NamedGate {
  return {
    name: `test results ${patterns.join(", ")}`,
    kind: "test-results",
    run: () => junitGate(patterns, thresholds, cwd ? { cwd } : {}),
  };
}

/** Before promotion: HTTP checks against the preview endpoint. */
export function httpChecksGate(checks: readonly HttpCheck[]): NamedGate {
  return {
    name: `HTTP checks ${checks.map((c) => c.path).join(", ")}`,
    kind: "http",
    run: (release) =>
      runHttpChecks(
        release.previewUrl,
        checks.map((c) => (release.signal ? { ...c, signal: release.signal } : c)),
      ),
  };
}

/** Before promotion: the smoke command with PREVIEW_URL, DIGEST and COLOR. */
export function smokeGate(command: SmokeCommand): NamedGate {
  return {
    name: `smoke command: ${command.argv.join(" ")}`,
    kind: "command",
    run: (release) =>
      runSmokeCommand(release.signal ? { ...command, signal: release.signal } : command, release),
  };
}

/** After promotion: the watch window against the live endpoint. */
export function watchGate(options: WatchOptions): NamedGate {
  return {
    name: `watch ${options.seconds}s`,
    kind: "watch",
    run: (release) =>
      watchLive(release.liveUrl, release.signal ? { ...options, signal: release.signal } : options),
  };
}
