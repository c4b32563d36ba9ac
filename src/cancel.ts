import { GreenlightError } from "./errors";
import type { Logger } from "./log";

/** The signals that stop a run: what a cancelled Actions run, a terminal's ^C or `kill` sends. */
export const STOP_SIGNALS = ["SIGINT", "SIGTERM"] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** The shell's exit status for a process stopped by a signal: 128 + its number. */
export const SIGNAL_EXIT: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * A run stopped before its end: by a signal (`signal` set) or because it lost the environment's
 * lock. The engine throws it at a safe point; the message says what state the environment is in.
 */
export class CancelledError extends GreenlightError {
  override readonly name = "CancelledError";

  constructor(
    message: string,
    readonly signal: StopSignal | undefined,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

/** Throws the reason of an aborted signal (a CancelledError when the front-end or the lock aborted it). */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancellation(signal);
}

/** The error an aborted signal stands for. */
export function cancellation(signal: AbortSignal): CancelledError {
  const reason: unknown = signal.reason;
  return reason instanceof CancelledError
    ? reason
    : new CancelledError(
        `cancelled: ${reason instanceof Error ? reason.message : String(reason)}`,
        undefined,
      );
}

/** The process exit status for an error: 130/143 for a run stopped by SIGINT/SIGTERM, else 1. */
export function exitStatusOf(error: unknown): number {
  return error instanceof CancelledError && error.signal ? SIGNAL_EXIT[error.signal] : 1;
}

/**
 * Turns SIGINT and SIGTERM into an abort of `controller`: the engine stops at its next safe point,
 * releases the lock and says what state the environment is in. Later signals are logged and
 * otherwise ignored, so that a second ^C (or the runner's SIGTERM 7.5 s after its SIGINT) cannot
 * cut a switch off from its ledger record. Returns the function that removes the handlers.
 */
export function stopOnSignals(controller: AbortController, log: Logger): () => void {
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = () => {
      if (controller.signal.aborted) {
        log.warn(`${signal} received while stopping; finishing the current step safely`);
        return;
      }
      log.warn(`${signal} received: stopping at the next safe point`);
      controller.abort(
        new CancelledError(`stopped by ${signal}`, signal, {
          hint: "run the command again to continue; greenlight status shows the environment",
        }),
      );
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
