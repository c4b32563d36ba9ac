import { InputError } from "../errors";
import type { Parser } from "../input-parser";
import type { Outcome } from "../ledger/record";
import { checkTimeInput, parseSpan } from "../ledger/time-range";

export const OUTCOMES: readonly Outcome[] = [
  "staged",
  "promoted",
  "failed",
  "refused",
  "rolled-back",
  "unlocked",
];
const FORMATS = {
  history: ["text", "json", "markdown"],
  metrics: ["text", "json", "openmetrics"],
} as const;

export type HistoryFormat = (typeof FORMATS.history)[number];
export type MetricsFormat = (typeof FORMATS.metrics)[number];

/** What `history` and `metrics` read: time range, outcomes, window, format, report file. */
export interface InsightConfig {
  /** As given (ISO time or span); resolved against the run's clock. */
  since: string | undefined;
  until: string | undefined;
  outcomes: Outcome[];
  windowMs: number;
  format: HistoryFormat | MetricsFormat;
  /** Absolute path of the HTML report, or undefined. */
  reportFile: string | undefined;
  /** release/deploy: how many of the environment's newest ledger records their job summary shows (0: none). */
  summaryHistory: number;
}

/** The most records `summary-history` shows (a job summary stays readable; the walk reads a manifest per 16 records). */
export const MAX_SUMMARY_HISTORY = 50;

/** Reads and checks the inputs of `history` and `metrics`; `format` is checked against the command. */
export function parseInsight(
  p: Parser,
  command: string,
  resolvePath: (path: string) => string,
): InsightConfig {
  const format = p.string("format") || "text";
  const allowed: readonly string[] =
    command === "history"
      ? FORMATS.history
      : command === "metrics"
        ? FORMATS.metrics
        : ["text", "json", "markdown", "openmetrics"];
  if (!allowed.includes(format)) {
    throw new InputError("format", `'${format}' is not a format of '${command}'`, allowed.join(", "));
  }
  const window = p.string("window") || "30d";
  const windowMs = parseSpan(window);
  if (windowMs === undefined) {
    throw new InputError(
      "window",
      `'${window}' is not a span`,
      "a whole number and a unit: 30d, 2w, 12h, 90m, at most 36500d",
    );
  }
  const outcomes = p.list("outcome").map((o) => {
    if (!(OUTCOMES as readonly string[]).includes(o)) {
      throw new InputError("outcome", `'${o}' is not an outcome`, OUTCOMES.join(", "));
    }
    return o as Outcome;
  });
  const reportFile = p.string("report-file");
  return {
    since: p.optional("since", (v) => checkTimeInput("since", v)),
    until: p.optional("until", (v) => checkTimeInput("until", v)),
    outcomes,
    windowMs,
    format: format as InsightConfig["format"],
    reportFile: reportFile ? resolvePath(reportFile) : undefined,
    summaryHistory: p.int("summary-history", 0, MAX_SUMMARY_HISTORY),
  };
}
