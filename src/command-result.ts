import type { Outputs } from "./outputs";
import type { Report } from "./report";

/** What every command returns to the front-ends. */
export interface CommandResult {
  outputs: Outputs;
  report: Report;
  /** The command ran to the end but its verdict is negative (a gate failed, verification refused). */
  failed?: boolean;
  /** The command's answer as a document (history, metrics): the CLI prints it on stdout instead of name=value lines. */
  document?: string;
}
