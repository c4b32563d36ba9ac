import type { Logger } from "../log";

/** Logs to stderr (stdout carries the outputs); secrets registered with mask() are replaced by ***. */
export class CliLogger implements Logger {
  private readonly secrets: string[] = [];
  private depth = 0;

  info(message: string): void {
    this.write(message);
  }
  warn(message: string): void {
    this.write(`warning: ${message}`);
  }
  error(message: string): void {
    this.write(`error: ${message}`);
  }
  debug(message: string): void {
    if (process.env.GREENLIGHT_DEBUG || process.env.RUNNER_DEBUG === "1") this.write(`debug: ${message}`);
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.write(`▸ ${name}`);
    this.depth++;
    try {
      return await fn();
    } finally {
      this.depth--;
    }
  }
  mask(secret: string): void {
    if (secret) this.secrets.push(secret);
  }
  private write(message: string): void {
    const redacted = this.secrets.reduce((text, secret) => text.split(secret).join("***"), message);
    const indent = "  ".repeat(this.depth);
    process.stderr.write(`${redacted.replace(/^/gm, indent)}\n`);
  }
}
