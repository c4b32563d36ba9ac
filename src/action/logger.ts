import * as core from "@actions/core";
import { guardWorkflowCommands, type Logger, secretParts } from "../log";

/**
 * Logs through the runner's workflow commands; groups fold in the log view. A message line that
 * looks like a workflow command is not obeyed (see guardWorkflowCommands).
 */
export class ActionLogger implements Logger {
  info(message: string): void {
    core.info(guardWorkflowCommands(message));
  }
  warn(message: string): void {
    core.warning(message); // core escapes newlines in a command's data: one command, one line
  }
  debug(message: string): void {
    core.debug(message);
  }
  group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return core.group(name, fn);
  }
  /** Masks the secret and, for a multi-line one, each of its lines (the runner masks line by line). */
  mask(secret: string): void {
    for (const part of secretParts(secret)) core.setSecret(part);
  }
}
