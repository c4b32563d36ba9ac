import { describeError, RefusedError } from "../errors";
import type { NamedGate, ReleaseUnderTest } from "../gate/gates";
import type { GateResult } from "../gate/result";
import type { Color, Outcome } from "../ledger/record";

export type { NamedGate, ReleaseUnderTest };

import type { Logger } from "../log";

/** One step of a deploy, promote or rollback, for the summary. */
export interface TimelineStep {
  step: string;
  detail: string;
  ok: boolean;
  durationMs: number;
}

/** What a deploy, promote, rollback or reject did; the summary and the action outputs are made from it. */
export interface DeployResult {
  action: "deploy" | "promote" | "rollback" | "reject";
  /** `unchanged`: the requested state was already there (a rerun); nothing was switched or recorded. */
  outcome: Outcome | "unchanged";
  app: string;
  environment: string;
  /** The color this release runs as. */
  color: Color;
  /** The color live traffic goes to when the command ended. */
  liveColor: Color | undefined;
  image: string;
  digest: string;
  release: string;
  previousDigest: string | undefined;
  liveUrl: string;
  previewUrl: string;
  gates: GateResult[];
  timeline: TimelineStep[];
  /** The ledger record's id (its manifest digest in the registry ledger). */
  recordId?: string;
  reason?: string;
}

/** A deploy, promote or rollback that did not go through; `result` says how far it got. */
export class DeployFailedError extends RefusedError {
  constructor(
    message: string,
    readonly result: DeployResult,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

/** Runs a gate; a gate that throws has failed (it never counts as passed). */
export async function runGate(gate: NamedGate, release: ReleaseUnderTest): Promise<GateResult[]> {
  const started = Date.now();
  try {
    const produced = await gate.run(release);
    return Array.isArray(produced) ? produced : [produced];
  } catch (error) {
    return [
      {
        name: gate.name,
        kind: gate.kind,
        passed: false,
        detail: describeError(error),
        durationMs: Date.now() - started,
      },
    ];
  }
}

/** Times steps, logs them, and keeps them for the result. */
export class Timeline {
  readonly steps: TimelineStep[] = [];

  constructor(private readonly log: Logger) {}

  /** Runs one step; a throw is recorded as a failed step and rethrown. */
  async run<T>(step: string, detail: string, fn: () => Promise<T>): Promise<T> {
    const started = Date.now();
    this.log.info(`${step}: ${detail}`);
    try {
      const value = await fn();
      this.steps.push({ step, detail, ok: true, durationMs: Date.now() - started });
      return value;
    } catch (error) {
      this.steps.push({
        step,
        detail: `${detail}: ${describeError(error)}`,
        ok: false,
        durationMs: Date.now() - started,
      });
      throw error;
    }
  }

  /** Runs gates one after another, stopping at the first that fails; returns all results so far. */
  async gates(step: string, gates: readonly NamedGate[], release: ReleaseUnderTest): Promise<GateResult[]> {
    const results: GateResult[] = [];
    const started = Date.now();
    for (const gate of gates) {
      if (release.signal?.aborted) break;
      const produced = await runGate(gate, release);
      for (const result of produced) {
        results.push(result);
        const mark = result.passed ? "passed" : "FAILED";
        this.log.info(`  gate ${result.name}: ${mark}: ${result.detail}`);
      }
      if (results.some((r) => !r.passed)) break;
    }
    const ok = results.every((r) => r.passed);
    const detail = `${results.filter((r) => r.passed).length}/${results.length} gates passed`;
    this.steps.push({ step, detail, ok, durationMs: Date.now() - started });
    return results;
  }
}
