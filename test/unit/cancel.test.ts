import { describe, expect, it } from "vitest";
import { CancelledError, exitStatusOf, stopOnSignals, throwIfCancelled } from "../../src/cancel";
import { GreenlightError } from "../../src/errors";
import { MemoryLogger } from "../../src/log";

describe("exitStatusOf", () => {
  it.each([
    [new CancelledError("stopped by SIGINT", "SIGINT"), 130],
    [new CancelledError("stopped by SIGTERM", "SIGTERM"), 143],
    [new CancelledError("lost the lock", undefined), 1],
    [new GreenlightError("a gate failed"), 1],
    ["not an error", 1],
  ])("%s: %i", (error, status) => expect(exitStatusOf(error)).toBe(status));
});

describe("stopOnSignals", () => {
  it("aborts on the first signal, and only logs later ones", () => {
    const controller = new AbortController();
    const log = new MemoryLogger();
    const remove = stopOnSignals(controller, log);
    try {
      process.emit("SIGTERM", "SIGTERM");
      process.emit("SIGINT", "SIGINT");
      expect(controller.signal.aborted).toBe(true);
      expect(() => throwIfCancelled(controller.signal)).toThrow(CancelledError);
      expect((controller.signal.reason as CancelledError).signal).toBe("SIGTERM");
      expect(log.lines).toEqual([
        "warning: SIGTERM received: stopping at the next safe point",
        "warning: SIGINT received while stopping; finishing the current step safely",
      ]);
    } finally {
      remove();
    }
    expect(process.listenerCount("SIGTERM")).toBe(0);
  });

  it("lets an unaborted signal pass", () => {
    expect(() => throwIfCancelled(new AbortController().signal)).not.toThrow();
    expect(() => throwIfCancelled(undefined)).not.toThrow();
  });
});
