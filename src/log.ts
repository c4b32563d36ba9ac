import { randomBytes } from "node:crypto";

/** Where the engine reports progress. The action and the CLI each implement it. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
  /** Runs `fn` inside a collapsible group (the action) or under a heading (the CLI). */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Registers a secret so that it is never printed. */
  mask(secret: string): void;
}

/**
 * The pieces of a secret to mask: the whole value and, for a multi-line one (a PEM key), each of its
 * lines, since log lines (and the runner's masking) are matched line by line. PEM armour lines
 * (`-----BEGIN …-----`) and lines shorter than 4 characters are not secret and are left out.
 */
export function secretParts(secret: string): string[] {
  const lines = secret
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length >= 4 && !/^-----(BEGIN|END) [A-Z0-9 ]+-----$/.test(l));
  return [...new Set([secret.trim(), ...lines])].filter(Boolean).sort((a, b) => b.length - a.length);
}

/** Replaces every part of every secret by ***. */
export function redact(message: string, secrets: readonly string[]): string {
  return secrets.reduce((text, secret) => text.split(secret).join("***"), message);
}

/** A line the Actions runner would read as a workflow command (`::name::…`, or the older `##[name]…`). */
const WORKFLOW_COMMAND = /^\s*(::|##\[)/m;

/**
 * Text for the Actions runner's log that cannot issue workflow commands: log messages carry text from
 * registries and child processes, so one with a line that looks like a command is put between
 * `::stop-commands::<token>` and `::<token>::` (a fresh random token the text cannot know).
 */
export function guardWorkflowCommands(message: string): string {
  if (!WORKFLOW_COMMAND.test(message)) return message;
  const token = randomBytes(16).toString("hex");
  return `::stop-commands::${token}\n${message}\n::${token}::`;
}

/** A logger that keeps lines in memory; for tests and for quiet sub-steps. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  private readonly secrets: string[] = [];

  info(message: string): void {
    this.lines.push(this.redact(message));
  }
  warn(message: string): void {
    this.lines.push(`warning: ${this.redact(message)}`);
  }
  debug(message: string): void {
    this.lines.push(`debug: ${this.redact(message)}`);
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push(`## ${name}`);
    return fn();
  }
  mask(secret: string): void {
    this.secrets.push(...secretParts(secret));
    this.secrets.sort((a, b) => b.length - a.length);
  }
  private redact(message: string): string {
    return redact(message, this.secrets);
  }
}
