import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stopOnSignals } from "../cancel";
import { CLI_COMMANDS, type CliCommand } from "../command-inputs";
import { secretsOf } from "../config";
import { describeError, GreenlightError, InputError, renderInputNames } from "../errors";
import { readGitHubRun, runIdentity } from "../github/run";
import { INPUTS, type InputName, isBooleanInput, LIST_INPUTS } from "../inputs";
import type { Outputs } from "../outputs";
import { type InputSources, readConfig } from "../read-config";
import { renderText } from "../report";
import {
  EXIT,
  errorJson,
  exitCodeOf,
  parseFormat,
  type ResultFormat,
  reportOnStderr,
  resultJson,
} from "../result-format";
import { type CommandResult, runCommand } from "../run";
import { commandHelp, overview, VERSION } from "./help";
import { CliLogger } from "./logger";
import { closest } from "./suggest";

/**
 * `greenlight <command> [--input value]...`: flags are the action's input names. A repeated flag
 * adds a line to a list input and replaces a single-valued one (the last wins); a flag without a
 * value is an error, except a boolean one, which then means true.
 */
export function parseArgv(argv: readonly string[]): { command: string; values: Map<InputName, string> } {
  const [command = "", ...rest] = argv;
  const values = new Map<InputName, string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (!arg.startsWith("--")) {
      throw new InputError(
        "argv",
        `unexpected argument '${arg}'`,
        "--<input> <value> pairs; see greenlight --help",
      );
    }
    const eq = arg.indexOf("=");
    const name = (eq > 0 ? arg.slice(2, eq) : arg.slice(2)) as InputName;
    if (!(name in INPUTS) || name === "command") {
      const guess = closest(
        name,
        Object.keys(INPUTS).filter((n) => n !== "command"),
      );
      throw new GreenlightError(
        `--${name} is not a flag of greenlight${guess ? `; did you mean --${guess}?` : ""}`,
        { hint: `the flags are listed by greenlight ${command || "<command>"} --help` },
      );
    }
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (rest[i + 1] !== undefined && !(rest[i + 1] as string).startsWith("--"))
      value = rest[++i] as string;
    else if (isBooleanInput(name)) value = "true";
    else throw new InputError(name, "is given without a value", `--${name} <value> (or --${name}=<value>)`);
    const earlier = values.get(name);
    values.set(name, earlier !== undefined && LIST_INPUTS.has(name) ? `${earlier}\n${value}` : value);
  }
  return { command, values };
}

/** The CLI's value for an input: the flag, else the default (GitHub expressions have no meaning here). */
export function cliInput(values: Map<InputName, string>, env: NodeJS.ProcessEnv) {
  const { given, fallback } = cliSources(values, env);
  return (name: InputName): string => given(name) || fallback(name);
}

/** What the command line gives (flags, and the credentials' environment variables), and the defaults. */
export function cliSources(values: Map<InputName, string>, env: NodeJS.ProcessEnv): InputSources {
  return {
    given: (name) => {
      const flag = values.get(name);
      if (flag !== undefined) return flag;
      if (name === "github-token") return env.GITHUB_TOKEN ?? "";
      if (name === "username") return env.GREENLIGHT_USERNAME ?? "";
      if (name === "password") return env.GREENLIGHT_PASSWORD ?? "";
      return "";
    },
    fallback: (name) => {
      const value = (INPUTS[name] as { default?: string }).default ?? "";
      return value.includes("${{") ? "" : value;
    },
  };
}

/** What the CLI was asked for before any input is read: help, the version, or a command to run. */
export type Request =
  | { kind: "help"; command?: CliCommand }
  | { kind: "version" }
  | { kind: "run"; command: CliCommand; rest: readonly string[] };

export function readRequest(argv: readonly string[]): Request {
  const [first = "", ...rest] = argv;
  if (["-v", "--version", "version"].includes(first)) return { kind: "version" };
  if (!first || ["-h", "--help", "help"].includes(first)) {
    const about = rest[0];
    return about && isCliCommand(about) ? { kind: "help", command: about } : { kind: "help" };
  }
  if (!isCliCommand(first)) {
    const guess = first.startsWith("-") ? undefined : closest(first, CLI_COMMANDS);
    throw new InputError(
      "command",
      first.startsWith("-")
        ? `'${first}' comes before a command`
        : `'${first}' is not a command${guess ? `; did you mean '${guess}'?` : ""}`,
      `greenlight <command> [--<input> <value>]..., command one of ${CLI_COMMANDS.join(", ")}`,
    );
  }
  if (rest.includes("--help") || rest.includes("-h")) return { kind: "help", command: first };
  return { kind: "run", command: first, rest };
}

function isCliCommand(word: string): word is CliCommand {
  return (CLI_COMMANDS as readonly string[]).includes(word);
}

const INPUT_NAMES: ReadonlySet<string> = new Set(Object.keys(INPUTS));

/** An error for a person at a terminal: input names as flags. */
function describeForCli(error: unknown): string {
  return renderInputNames(describeError(error), "flag", INPUT_NAMES);
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  let request: Request;
  try {
    request = readRequest(argv);
  } catch (error) {
    process.stderr.write(`error: ${describeForCli(error)}\n`);
    return EXIT.error;
  }
  if (request.kind === "version") {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.done;
  }
  if (request.kind === "help") {
    process.stdout.write(`${request.command ? commandHelp(request.command) : overview()}\n`);
    return argv.length ? EXIT.done : EXIT.error;
  }
  const { command, rest } = request;
  const log = new CliLogger();
  const tempDir = mkdtempSync(join(tmpdir(), "greenlight-"));
  let format: ResultFormat = "text";
  const stop = new AbortController();
  const removeHandlers = stopOnSignals(stop, log);
  try {
    const { values } = parseArgv([command, ...rest]);
    format = parseFormat(values.get("format") ?? "text", command);
    const result =
      command === "keygen"
        ? await (await import("./keygen")).keygen(values, log)
        : await runEngine(command, values, env, log, tempDir, stop.signal);
    const code = result.failed ? EXIT.refused : EXIT.done;
    if (command !== "keygen" && reportOnStderr(result, format))
      process.stderr.write(`\n${renderText(result.report)}`);
    // history and metrics answer with a document in the format asked for (json included)
    if (result.document !== undefined) process.stdout.write(result.document);
    else if (format === "json")
      process.stdout.write(`${JSON.stringify(resultJson(command, code, result))}\n`);
    else writeOutputLines(result.outputs);
    return code;
  } catch (error) {
    const code = exitCodeOf(error);
    log.error(describeForCli(error));
    if (format === "json") {
      const json = errorJson(command, code, error);
      json.error = renderInputNames(json.error, "flag", INPUT_NAMES);
      if (json.hint) json.hint = renderInputNames(json.hint, "flag", INPUT_NAMES);
      process.stdout.write(`${JSON.stringify(json)}\n`);
    }
    return code;
  } finally {
    removeHandlers();
    rmSync(tempDir, { recursive: true, force: true });
  }
}

async function runEngine(
  command: Exclude<CliCommand, "keygen">,
  values: Map<InputName, string>,
  env: NodeJS.ProcessEnv,
  log: CliLogger,
  tempDir: string,
  signal: AbortSignal,
): Promise<CommandResult> {
  const sources = cliSources(values, env);
  const config = await readConfig(
    { ...sources, given: (name) => (name === "command" ? command : sources.given(name)) },
    env,
    (p) => readFileSync(p, "utf8"),
  );
  for (const secret of secretsOf(config)) log.mask(secret);
  const github = readGitHubRun(env);
  return runCommand(config, {
    log,
    env,
    tempDir,
    now: () => new Date(),
    signal,
    ...(github ? { github } : {}),
    ...runIdentity(env),
  });
}

function writeOutputLines(outputs: Outputs): void {
  for (const [name, value] of Object.entries(outputs)) {
    if (value !== undefined)
      process.stdout.write(`${name}=${value.includes("\n") ? JSON.stringify(value) : value}\n`);
  }
}
