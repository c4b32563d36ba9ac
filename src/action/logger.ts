import * as core from "@actions/core";
import type { Logger } from "../log";

/** Logs through the runner's workflow commands; groups fold in the log view. */
export class ActionLogger implements Logger {
  info(message: string): void {
    core.info(message);
  }
  warn(message: string): void {
    core.warning(message);
  }
  debug(message: string): void {
    core.debug(message);
  }
  group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return core.group(name, fn);
  }
  mask(secret: string): void {
    if (secret) core.setSecret(secret);
  }
}
