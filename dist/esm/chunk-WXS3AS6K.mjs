import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  GreenlightError
} from "./chunk-XAPMUR2Q.mjs";

// src/cancel.ts
var STOP_SIGNALS = ["SIGINT", "SIGTERM"];
var SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 };
var CancelledError = class extends GreenlightError {
  constructor(message, signal, options = {}) {
    super(message, options);
    this.signal = signal;
  }
  signal;
  name = "CancelledError";
};
function throwIfCancelled(signal) {
  if (signal?.aborted) throw cancellation(signal);
}
function cancellation(signal) {
  const reason = signal.reason;
  return reason instanceof CancelledError ? reason : new CancelledError(
    `cancelled: ${reason instanceof Error ? reason.message : String(reason)}`,
    void 0
  );
}
function exitStatusOf(error) {
  return error instanceof CancelledError && error.signal ? SIGNAL_EXIT[error.signal] : 1;
}
function stopOnSignals(controller, log) {
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = () => {
      if (controller.signal.aborted) {
        log.warn(`${signal} received while stopping; finishing the current step safely`);
        return;
      }
      log.warn(`${signal} received: stopping at the next safe point`);
      controller.abort(
        new CancelledError(`stopped by ${signal}`, signal, {
          hint: "run the command again to continue; greenlight status shows the environment"
        })
      );
    };
    process.on(signal, handler);
    return [signal, handler];
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}

export {
  CancelledError,
  throwIfCancelled,
  cancellation,
  exitStatusOf,
  stopOnSignals
};
//# sourceMappingURL=chunk-WXS3AS6K.mjs.map
