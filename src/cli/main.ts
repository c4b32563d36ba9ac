import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exitStatusOf, stopOnSignals } from "../cancel";
import { COMMANDS, parseConfig, secretsOf } from "../config";
import { runFacts } from "../context";
import { describeError, InputError } from "../errors";
import { INPUTS, type InputName, isBooleanInput, LIST_INPUTS } from "../inputs";
import { OUTPUTS } from "../outputs";
import { renderText } from "../report";
import { runCommand } from "../run";
import { CliLogger } from "./logger";

const VERSION = "0.1.0";

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
      throw new InputError(
        name,
        "is not an input of greenlight",
        "one of the flags listed by greenlight --help",
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
  return (name: InputName): string => {
    const given = values.get(name);
    if (given !== undefined) return given;
    if (name === "github-token") return env.GITHUB_TOKEN ?? "";
    if (name === "password") return env.GREENLIGHT_PASSWORD ?? "";
    const fallback = (INPUTS[name] as { default?: string }).default ?? "";
    return fallback.includes("${{") ? "" : fallback;
  };
}

function help(): string {
  const flags = Object.entries(INPUTS)
    .filter(([name]) => name !== "command")
    .map(
      ([name, spec]) =>
        `  --${name.padEnd(28)} ${spec.description}${"default" in spec ? ` [${spec.default}]` : ""}`,
    );
  return [
    `greenlight ${VERSION}: build, sign and deploy container images by digest, blue-green, gated by tests`,
    "",
    `usage: greenlight <${COMMANDS.join("|")}|keygen> [--<input> <value>]...`,
    "",
    "inputs (the same names as the GitHub Action's inputs; the password may also come from GREENLIGHT_PASSWORD):",
    ...flags,
    "",
    `outputs are printed on stdout as name=value lines: ${Object.keys(OUTPUTS).join(", ")}`,
  ].join("\n");
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (argv[0] === "--version" || argv[0] === "version") {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (!argv.length || argv.includes("--help") || argv[0] === "help") {
    process.stdout.write(`${help()}\n`);
    return argv.length ? 0 : 2;
  }
  const log = new CliLogger();
  const tempDir = mkdtempSync(join(tmpdir(), "greenlight-"));
  const stop = new AbortController();
  const removeHandlers = stopOnSignals(stop, log);
  try {
    const { command, values } = parseArgv(argv);
    if (command === "keygen") return await (await import("./keygen")).keygen(values, log);
    const get = cliInput(values, env);
    const config = parseConfig(
      (name) => (name === "command" ? command : get(name)),
      env,
      (p) => readFileSync(p, "utf8"),
    );
    for (const secret of secretsOf(config)) log.mask(secret);
    const result = await runCommand(config, {
      log,
      env,
      tempDir,
      now: () => new Date(),
      signal: stop.signal,
      ...runFacts(env),
    });
    process.stderr.write(`\n${renderText(result.report)}`);
    if (result.document !== undefined) process.stdout.write(result.document);
    else {
      for (const [name, value] of Object.entries(result.outputs)) {
        if (value !== undefined)
          process.stdout.write(`${name}=${value.includes("\n") ? JSON.stringify(value) : value}\n`);
      }
    }
    return result.failed ? 1 : 0;
  } catch (error) {
    log.error(describeError(error));
    return exitStatusOf(error);
  } finally {
    removeHandlers();
    rmSync(tempDir, { recursive: true, force: true });
  }
}
