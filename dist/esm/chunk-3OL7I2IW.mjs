import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  InputError
} from "./chunk-XAPMUR2Q.mjs";

// src/deploy/lease.ts
var DEFAULT_LEASE = { validityMs: 3e4, renewMs: 1e4 };
function leaseTiming(validitySeconds) {
  if (!Number.isInteger(validitySeconds) || validitySeconds < 3 || validitySeconds > 3600) {
    throw new InputError("lock-heartbeat", `'${validitySeconds}' is out of range`, "3 to 3600 seconds");
  }
  return { validityMs: validitySeconds * 1e3, renewMs: Math.floor(validitySeconds * 1e3 / 3) };
}
function leaseExpiresAt(lease) {
  const renewed = Date.parse(lease.renewedAt);
  return new Date((Number.isNaN(renewed) ? 0 : renewed) + lease.validityMs).toISOString();
}
function formatLease(lease) {
  return `${JSON.stringify(lease)}
`;
}
function parseLease(text) {
  try {
    const value = JSON.parse(text);
    if (typeof value.renewedAt !== "string" || Number.isNaN(Date.parse(value.renewedAt))) return void 0;
    if (typeof value.validityMs !== "number" || !(value.validityMs > 0)) return void 0;
    return { renewedAt: value.renewedAt, validityMs: value.validityMs };
  } catch {
    return void 0;
  }
}
function heartbeat(renewMs, renew) {
  let stopped = false;
  let timer;
  let beat = Promise.resolve();
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      beat = renew().then(
        (outcome) => {
          if (outcome === "lost") stopped = true;
        },
        () => void 0
      ).finally(schedule);
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
      await beat.catch(() => void 0);
    }
  };
}

export {
  DEFAULT_LEASE,
  leaseTiming,
  leaseExpiresAt,
  formatLease,
  parseLease,
  heartbeat
};
//# sourceMappingURL=chunk-3OL7I2IW.mjs.map
