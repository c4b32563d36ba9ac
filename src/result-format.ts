import { CancelledError, exitStatusOf } from "./cancel";
import type { CommandResult } from "./command-result";
import { GreenlightError, InputError, RefusedError } from "./errors";
import type { Report } from "./report";

/**
 * Exit statuses, the same for every command: a refusal by a gate or a policy (the command ran and
 * said no) is told apart from an error (it could not do what was asked).
 */
export const EXIT = { done: 0, refused: 1, error: 2 } as const;
/** 0, 1, 2, or 130/143 for a run stopped by SIGINT/SIGTERM (src/cancel.ts). */
export type ExitCode = number;
const STATUS: Record<number, "done" | "refused" | "error"> = { 0: "done", 1: "refused", 2: "error" };
const statusOf = (code: ExitCode) => STATUS[code] ?? "cancelled";

/** text or json for every command; history and metrics have a document format of their own too. */
export type ResultFormat = "text" | "json" | "markdown" | "openmetrics";

const FORMATS: Record<string, readonly ResultFormat[]> = {
  history: ["text", "json", "markdown"],
  metrics: ["text", "json", "openmetrics"],
};

export function parseFormat(value: string, command: string): ResultFormat {
  const v = value.trim() || "text";
  const valid = FORMATS[command] ?? ["text", "json"];
  if (!(valid as readonly string[]).includes(v))
    throw new InputError("format", `'${v}' is not a format of ${command}`, valid.join(", "));
  return v as ResultFormat;
}

export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CancelledError && error.signal) return exitStatusOf(error);
  return error instanceof RefusedError ? EXIT.refused : EXIT.error;
}

/**
 * Whether the CLI prints the report on stderr. A document for people (history or metrics as text or
 * markdown) opens with the report's title and carries its facts, so it is not said twice; beside a
 * document for programs (json, openmetrics) on stdout, the report is what a person reads.
 */
export function reportOnStderr(result: CommandResult, format: ResultFormat): boolean {
  return result.document === undefined || format === "json" || format === "openmetrics";
}

/** A command's result as one JSON object (`format: json`). */
export function resultJson(command: string, exitCode: ExitCode, result: CommandResult) {
  const { title, facts, timeline, gates, notes, rollback, next } = result.report;
  return {
    command,
    status: statusOf(exitCode),
    exitCode,
    title,
    outputs: result.outputs,
    facts: Object.fromEntries(facts),
    ...(timeline ? { timeline } : {}),
    ...(gates ? { gates } : {}),
    ...(notes ? { notes } : {}),
    ...(rollback ? { rollback } : {}),
    ...(next ? { next } : {}),
  };
}

/**
 * The report of a command that stopped with an error or a refusal: the title says which, so a job
 * summary is never missing or silent about it.
 */
export function errorReport(command: string, error: unknown): Report {
  const refused = exitCodeOf(error) === EXIT.refused;
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof GreenlightError ? error.hint : undefined;
  return {
    title: `${command} ${refused ? "refused" : "failed with an error"}: ${message.split("\n")[0]}`,
    facts: [
      ["outcome", refused ? "refused by a gate or a policy; nothing was changed" : "error"],
      ["message", message],
      ...(hint ? [["hint", hint] as [string, string]] : []),
    ],
  };
}

/** An error as the same kind of object. */
export function errorJson(command: string, exitCode: ExitCode, error: unknown) {
  return {
    command,
    status: statusOf(exitCode),
    exitCode,
    error: error instanceof Error ? error.message : String(error),
    ...(error instanceof GreenlightError && error.hint ? { hint: error.hint } : {}),
  };
}
