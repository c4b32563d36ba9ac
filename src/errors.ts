/**
 * A failure the user can act on: `message` says what went wrong (naming the input, registry,
 * container or file involved), `hint` says what to do about it, `cause` keeps the underlying error.
 */
export class GreenlightError extends Error {
  override readonly name: string = "GreenlightError";
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.hint = options.hint;
  }
}

/** An input (action input or CLI flag) has a value that is not valid. */
export class InputError extends GreenlightError {
  override readonly name = "InputError";

  constructor(
    readonly input: string,
    problem: string,
    valid: string,
  ) {
    super(`input '${input}': ${problem}`, { hint: `valid: ${valid}` });
  }
}

/** A child process exited with a non-zero status. */
export class ExecError extends GreenlightError {
  override readonly name = "ExecError";

  constructor(
    readonly command: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly stdout: string,
  ) {
    const tail = lastLines(stderr || stdout, 5);
    super(`${command} ${args[0] ?? ""} exited with ${exitCode ?? "a signal"}${tail ? `:\n${tail}` : ""}`);
  }
}

/** A step was refused by a gate or a policy: nothing was changed. */
export class RefusedError extends GreenlightError {
  override readonly name = "RefusedError";
}

export function lastLines(text: string, count: number): string {
  return text.trimEnd().split("\n").slice(-count).join("\n");
}

/**
 * How a front-end names an input: the engine writes `'name'` (and `input 'name'`), which is the
 * action's syntax; the CLI shows its flag `--name`.
 */
export type InputSyntax = "input" | "flag";

/**
 * Rewrites the input names in an error into the front-end's syntax: the engine writes `'name'`,
 * `input 'name'` and `name: value` (the action's syntax), the CLI shows `--name` and `--name value`.
 */
export function renderInputNames(text: string, syntax: InputSyntax, inputs: ReadonlySet<string>): string {
  if (syntax === "input") return text;
  return text
    .replace(/(?:input )?'([a-z][a-z-]*)'/g, (whole, name: string) =>
      inputs.has(name) ? `--${name}` : whole,
    )
    .replace(/(^|[\s(])([a-z][a-z-]*): (?=\S)/gm, (whole, before: string, name: string) =>
      inputs.has(name) ? `${before}--${name} ` : whole,
    );
}

/** One readable paragraph for an error: message, causes, and the hint. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    parts.push(depth === 0 ? messageOf(current) : `caused by: ${messageOf(current)}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  if (error instanceof GreenlightError && error.hint) parts.push(`hint: ${error.hint}`);
  return parts.join("\n");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
