import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  InputError
} from "./chunk-XAPMUR2Q.mjs";

// src/ledger/time-range.ts
var UNIT_MS = { m: 6e4, h: 36e5, d: 864e5, w: 7 * 864e5 };
var MAX_SPAN_MS = 36500 * 864e5;
function parseSpan(text) {
  const match = /^(\d+)([mhdw])$/.exec(text.trim());
  if (!match) return void 0;
  const ms = Number(match[1]) * UNIT_MS[match[2]];
  return ms > 0 && ms <= MAX_SPAN_MS ? ms : void 0;
}
function checkTimeInput(input, text) {
  if (parseSpan(text) !== void 0 || isIsoTime(text)) return text;
  throw new InputError(
    input,
    `'${text}' is neither an ISO 8601 time nor a span back from now (of at most 36500d)`,
    "e.g. 2026-11-01, 2026-11-01T12:00:00Z, or 7d, 12h, 2w, 90m (a span of at most 36500d)"
  );
}
function resolveTime(text, now) {
  const span = parseSpan(text);
  return span !== void 0 ? new Date(now.getTime() - span) : new Date(text);
}
function isIsoTime(text) {
  return /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(text) && !Number.isNaN(new Date(text).getTime());
}

// src/insight/config.ts
var OUTCOMES = [
  "staged",
  "promoted",
  "failed",
  "refused",
  "rolled-back",
  "unlocked"
];
var FORMATS = {
  history: ["text", "json", "markdown"],
  metrics: ["text", "json", "openmetrics"]
};
var MAX_SUMMARY_HISTORY = 50;
function parseInsight(p, command, resolvePath) {
  const format = p.string("format") || "text";
  const allowed = command === "history" ? FORMATS.history : command === "metrics" ? FORMATS.metrics : ["text", "json", "markdown", "openmetrics"];
  if (!allowed.includes(format)) {
    throw new InputError("format", `'${format}' is not a format of '${command}'`, allowed.join(", "));
  }
  const window = p.string("window") || "30d";
  const windowMs = parseSpan(window);
  if (windowMs === void 0) {
    throw new InputError(
      "window",
      `'${window}' is not a span`,
      "a whole number and a unit: 30d, 2w, 12h, 90m, at most 36500d"
    );
  }
  const outcomes = p.list("outcome").map((o) => {
    if (!OUTCOMES.includes(o)) {
      throw new InputError("outcome", `'${o}' is not an outcome`, OUTCOMES.join(", "));
    }
    return o;
  });
  const reportFile = p.string("report-file");
  return {
    since: p.optional("since", (v) => checkTimeInput("since", v)),
    until: p.optional("until", (v) => checkTimeInput("until", v)),
    outcomes,
    windowMs,
    format,
    reportFile: reportFile ? resolvePath(reportFile) : void 0,
    summaryHistory: p.int("summary-history", 0, MAX_SUMMARY_HISTORY)
  };
}

export {
  resolveTime,
  OUTCOMES,
  parseInsight
};
//# sourceMappingURL=chunk-S2QR2NPX.mjs.map
