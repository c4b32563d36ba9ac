import { guardWorkflowCommands, type Logger, redact, secretParts } from "../log";

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
    this.secrets.push(...secretParts(secret));
    this.secrets.sort((a, b) => b.length - a.length);
  }
  private write(message: string): void {
    const redacted = redact(message, this.secrets);
    const indent = "  ".repeat(this.depth);
    const text = redacted.replace(/^/gm, indent);
    // the CLI run as a workflow step: the runner reads our stderr for workflow commands too
    process.stderr.write(`${process.env.GITHUB_ACTIONS === "true" ? guardWorkflowCommands(text) : text}\n`);
  }
}
