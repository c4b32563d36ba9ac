import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));

// src/errors.ts
var GreenlightError = class extends Error {
  name = "GreenlightError";
  hint;
  constructor(message, options = {}) {
    super(message, { cause: options.cause });
    this.hint = options.hint;
  }
};
var InputError = class extends GreenlightError {
  constructor(input, problem, valid) {
    super(`input '${input}': ${problem}`, { hint: `valid: ${valid}` });
    this.input = input;
  }
  input;
  name = "InputError";
};
var ExecError = class extends GreenlightError {
  constructor(command, args, exitCode, stderr, stdout) {
    const tail = lastLines(stderr || stdout, 5);
    super(`${command} ${args[0] ?? ""} exited with ${exitCode ?? "a signal"}${tail ? `:
${tail}` : ""}`);
    this.command = command;
    this.args = args;
    this.exitCode = exitCode;
    this.stderr = stderr;
    this.stdout = stdout;
  }
  command;
  args;
  exitCode;
  stderr;
  stdout;
  name = "ExecError";
};
var RefusedError = class extends GreenlightError {
  name = "RefusedError";
};
function lastLines(text, count) {
  return text.trimEnd().split("\n").slice(-count).join("\n");
}
function renderInputNames(text, syntax, inputs) {
  if (syntax === "input") return text;
  return text.replace(
    /(?:input )?'([a-z][a-z-]*)'/g,
    (whole, name) => inputs.has(name) ? `--${name}` : whole
  ).replace(
    /(^|[\s(])([a-z][a-z-]*): (?=\S)/gm,
    (whole, before, name) => inputs.has(name) ? `${before}--${name} ` : whole
  );
}
function describeError(error) {
  const parts = [];
  let current = error;
  for (let depth = 0; current && depth < 4; depth++) {
    parts.push(depth === 0 ? messageOf(current) : `caused by: ${messageOf(current)}`);
    current = current instanceof Error ? current.cause : void 0;
  }
  if (error instanceof GreenlightError && error.hint) parts.push(`hint: ${error.hint}`);
  return parts.join("\n");
}
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

export {
  GreenlightError,
  InputError,
  ExecError,
  RefusedError,
  lastLines,
  renderInputNames,
  describeError
};
//# sourceMappingURL=chunk-XAPMUR2Q.mjs.map
