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
    if (secret) this.secrets.push(secret);
  }
  private redact(message: string): string {
    return this.secrets.reduce((text, secret) => text.split(secret).join("***"), message);
  }
}
