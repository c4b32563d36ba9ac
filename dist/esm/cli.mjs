import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  EXIT,
  closest,
  errorJson,
  exitCodeOf,
  guardWorkflowCommands,
  parseFormat,
  readConfig,
  redact,
  renderText,
  reportOnStderr,
  resultJson,
  runCommand,
  secretParts
} from "./chunk-YFRJ44SC.mjs";
import {
  CLI_COMMANDS,
  COMMAND_INPUTS,
  INPUTS,
  LIST_INPUTS,
  commandInputs,
  isBooleanInput,
  readGitHubRun,
  runIdentity,
  secretsOf
} from "./chunk-DA64P7H5.mjs";
import "./chunk-AXO4PEG5.mjs";
import "./chunk-SXMMHSRB.mjs";
import "./chunk-BB2OMXZJ.mjs";
import "./chunk-S2QR2NPX.mjs";
import "./chunk-27S7CDBD.mjs";
import {
  stopOnSignals
} from "./chunk-WXS3AS6K.mjs";
import "./chunk-LJTNHG3R.mjs";
import "./chunk-TD6C3PZA.mjs";
import "./chunk-W6HQBBLQ.mjs";
import "./chunk-XR4YHTGR.mjs";
import "./chunk-HLSVML6X.mjs";
import "./chunk-65AIQVL5.mjs";
import "./chunk-UEFSGM5H.mjs";
import "./chunk-RKUPUCJL.mjs";
import {
  GreenlightError,
  InputError,
  describeError,
  renderInputNames
} from "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";

// src/cli/main.ts
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// src/outputs.ts
var OUTPUTS = {
  digest: "Manifest digest (sha256:\u2026) of the image; the index digest for multi-platform builds",
  image: "The image pinned by digest: registry/repository@sha256:\u2026",
  tags: "Tags pushed (newline separated)",
  metadata: "Build result as JSON (digest, tags, platforms, sizes, durations)",
  "attestation-digest": "Digest of the provenance attestation attached to the image",
  "bundle-path": "Path of the Sigstore bundle written by attest",
  verified: "true when the digest's provenance met the policy",
  color: "Color serving live traffic after the command (blue or green)",
  url: "Live URL",
  "preview-url": "Preview URL of the staged color",
  "previous-digest": "Digest that was live before this command",
  "release-id": "Ledger id of this release",
  "live-digest": "Digest serving live traffic",
  drift: "Drift between what runs and the ledger (empty when none)",
  history: "history: the change log in `format` (text, json or markdown)",
  metrics: "metrics: the figures in `format` (text, json or openmetrics)"
};

// src/cli/help.ts
var VERSION = "0.1.0";
var EXIT_CODES = [
  "exit status: 0 done; 1 refused by a gate or a policy (nothing was promoted or changed against it);",
  "2 error (a wrong flag or input, an unreachable registry or Docker host, a held lock);",
  "130 or 143 stopped by SIGINT or SIGTERM (at a safe point, the lock released)"
];
function flagLine(name) {
  const spec = INPUTS[name];
  const fallback = spec.default !== void 0 && !spec.default.includes("${{") ? ` [${spec.default}]` : "";
  return `  --${name.padEnd(28)} ${spec.description}${fallback}`;
}
function overview() {
  const width = Math.max(...CLI_COMMANDS.map((c) => c.length));
  return [
    `greenlight ${VERSION}: build, sign and deploy container images by digest, blue-green, gated by tests`,
    "",
    "usage: greenlight <command> [--<input> <value>]...",
    "       greenlight <command> --help    the command's flags and an example",
    "",
    "commands:",
    ...CLI_COMMANDS.map((c) => `  ${c.padEnd(width)}  ${COMMAND_INPUTS[c].summary}`),
    "",
    "Flags are the GitHub Action's input names. The registry credentials may also come from",
    "GREENLIGHT_USERNAME and GREENLIGHT_PASSWORD (or docker login), a GitHub token from GITHUB_TOKEN.",
    `Outputs are printed on stdout as name=value lines (${Object.keys(OUTPUTS).length} names, see the README),`,
    "or as one JSON object with --format json; the log and the report go to stderr.",
    ...EXIT_CODES,
    "",
    "  -h, --help      this text",
    "  -v, --version   the version"
  ].join("\n");
}
function commandHelp(command) {
  const help = COMMAND_INPUTS[command];
  return [
    `greenlight ${command}: ${help.summary}`,
    "",
    `usage: greenlight ${command} [--<input> <value>]...`,
    "",
    "flags:",
    ...commandInputs(command).map(flagLine),
    "",
    "example:",
    `  ${help.example}`,
    "",
    ...command === "keygen" ? [] : EXIT_CODES
  ].join("\n");
}

// src/cli/logger.ts
var CliLogger = class {
  secrets = [];
  depth = 0;
  info(message) {
    this.write(message);
  }
  warn(message) {
    this.write(`warning: ${message}`);
  }
  error(message) {
    this.write(`error: ${message}`);
  }
  debug(message) {
    if (process.env.GREENLIGHT_DEBUG || process.env.RUNNER_DEBUG === "1") this.write(`debug: ${message}`);
  }
  async group(name, fn) {
    this.write(`\u25B8 ${name}`);
    this.depth++;
    try {
      return await fn();
    } finally {
      this.depth--;
    }
  }
  mask(secret) {
    this.secrets.push(...secretParts(secret));
    this.secrets.sort((a, b) => b.length - a.length);
  }
  write(message) {
    const redacted = redact(message, this.secrets);
    const indent = "  ".repeat(this.depth);
    const text = redacted.replace(/^/gm, indent);
    process.stderr.write(`${process.env.GITHUB_ACTIONS === "true" ? guardWorkflowCommands(text) : text}
`);
  }
};

// src/cli/main.ts
function parseArgv(argv) {
  const [command = "", ...rest] = argv;
  const values = /* @__PURE__ */ new Map();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith("--")) {
      throw new InputError(
        "argv",
        `unexpected argument '${arg}'`,
        "--<input> <value> pairs; see greenlight --help"
      );
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!(name in INPUTS) || name === "command") {
      const guess = closest(
        name,
        Object.keys(INPUTS).filter((n) => n !== "command")
      );
      throw new GreenlightError(
        `--${name} is not a flag of greenlight${guess ? `; did you mean --${guess}?` : ""}`,
        { hint: `the flags are listed by greenlight ${command || "<command>"} --help` }
      );
    }
    let value;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (rest[i + 1] !== void 0 && !rest[i + 1].startsWith("--"))
      value = rest[++i];
    else if (isBooleanInput(name)) value = "true";
    else throw new InputError(name, "is given without a value", `--${name} <value> (or --${name}=<value>)`);
    const earlier = values.get(name);
    values.set(name, earlier !== void 0 && LIST_INPUTS.has(name) ? `${earlier}
${value}` : value);
  }
  return { command, values };
}
function cliInput(values, env) {
  const { given, fallback } = cliSources(values, env);
  return (name) => given(name) || fallback(name);
}
function cliSources(values, env) {
  return {
    given: (name) => {
      const flag = values.get(name);
      if (flag !== void 0) return flag;
      if (name === "github-token") return env.GITHUB_TOKEN ?? "";
      if (name === "username") return env.GREENLIGHT_USERNAME ?? "";
      if (name === "password") return env.GREENLIGHT_PASSWORD ?? "";
      return "";
    },
    fallback: (name) => {
      const value = INPUTS[name].default ?? "";
      return value.includes("${{") ? "" : value;
    }
  };
}
function readRequest(argv) {
  const [first = "", ...rest] = argv;
  if (["-v", "--version", "version"].includes(first)) return { kind: "version" };
  if (!first || ["-h", "--help", "help"].includes(first)) {
    const about = rest[0];
    return about && isCliCommand(about) ? { kind: "help", command: about } : { kind: "help" };
  }
  if (!isCliCommand(first)) {
    const guess = first.startsWith("-") ? void 0 : closest(first, CLI_COMMANDS);
    throw new InputError(
      "command",
      first.startsWith("-") ? `'${first}' comes before a command` : `'${first}' is not a command${guess ? `; did you mean '${guess}'?` : ""}`,
      `greenlight <command> [--<input> <value>]..., command one of ${CLI_COMMANDS.join(", ")}`
    );
  }
  if (rest.includes("--help") || rest.includes("-h")) return { kind: "help", command: first };
  return { kind: "run", command: first, rest };
}
function isCliCommand(word) {
  return CLI_COMMANDS.includes(word);
}
var INPUT_NAMES = new Set(Object.keys(INPUTS));
function describeForCli(error) {
  return renderInputNames(describeError(error), "flag", INPUT_NAMES);
}
async function main(argv, env) {
  let request;
  try {
    request = readRequest(argv);
  } catch (error) {
    process.stderr.write(`error: ${describeForCli(error)}
`);
    return EXIT.error;
  }
  if (request.kind === "version") {
    process.stdout.write(`${VERSION}
`);
    return EXIT.done;
  }
  if (request.kind === "help") {
    process.stdout.write(`${request.command ? commandHelp(request.command) : overview()}
`);
    return argv.length ? EXIT.done : EXIT.error;
  }
  const { command, rest } = request;
  const log = new CliLogger();
  const tempDir = mkdtempSync(join(tmpdir(), "greenlight-"));
  let format = "text";
  const stop = new AbortController();
  const removeHandlers = stopOnSignals(stop, log);
  try {
    const { values } = parseArgv([command, ...rest]);
    format = parseFormat(values.get("format") ?? "text", command);
    const result = command === "keygen" ? await (await import("./chunk-42S5UANS.mjs")).keygen(values, log) : await runEngine(command, values, env, log, tempDir, stop.signal);
    const code = result.failed ? EXIT.refused : EXIT.done;
    if (command !== "keygen" && reportOnStderr(result, format))
      process.stderr.write(`
${renderText(result.report)}`);
    if (result.document !== void 0) process.stdout.write(result.document);
    else if (format === "json")
      process.stdout.write(`${JSON.stringify(resultJson(command, code, result))}
`);
    else writeOutputLines(result.outputs);
    return code;
  } catch (error) {
    const code = exitCodeOf(error);
    log.error(describeForCli(error));
    if (format === "json") {
      const json = errorJson(command, code, error);
      json.error = renderInputNames(json.error, "flag", INPUT_NAMES);
      if (json.hint) json.hint = renderInputNames(json.hint, "flag", INPUT_NAMES);
      process.stdout.write(`${JSON.stringify(json)}
`);
    }
    return code;
  } finally {
    removeHandlers();
    rmSync(tempDir, { recursive: true, force: true });
  }
}
async function runEngine(command, values, env, log, tempDir, signal) {
  const sources = cliSources(values, env);
  const config = await readConfig(
    { ...sources, given: (name) => name === "command" ? command : sources.given(name) },
    env,
    (p) => readFileSync(p, "utf8")
  );
  for (const secret of secretsOf(config)) log.mask(secret);
  const github = readGitHubRun(env);
  return runCommand(config, {
    log,
    env,
    tempDir,
    now: () => /* @__PURE__ */ new Date(),
    signal,
    ...github ? { github } : {},
    ...runIdentity(env)
  });
}
function writeOutputLines(outputs) {
  for (const [name, value] of Object.entries(outputs)) {
    if (value !== void 0)
      process.stdout.write(`${name}=${value.includes("\n") ? JSON.stringify(value) : value}
`);
  }
}
export {
  cliInput,
  cliSources,
  main,
  parseArgv,
  readRequest
};
//# sourceMappingURL=cli.mjs.map
