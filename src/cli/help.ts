import { CLI_COMMANDS, type CliCommand, COMMAND_INPUTS, commandInputs } from "../command-inputs";
import { INPUTS, type InputName, type InputSpec } from "../inputs";
import { OUTPUTS } from "../outputs";

export const VERSION = "0.1.0";

export const EXIT_CODES = [
  "exit status: 0 done; 1 refused by a gate or a policy (nothing was promoted or changed against it);",
  "2 error (a wrong flag or input, an unreachable registry or Docker host, a held lock);",
  "130 or 143 stopped by SIGINT or SIGTERM (at a safe point, the lock released)",
];

function flagLine(name: InputName): string {
  const spec: InputSpec = INPUTS[name];
  const fallback = spec.default !== undefined && !spec.default.includes("${{") ? ` [${spec.default}]` : "";
  return `  --${name.padEnd(28)} ${spec.description}${fallback}`;
}

/** `greenlight --help`. */
export function overview(): string {
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
    "  -v, --version   the version",
  ].join("\n");
}

/** `greenlight <command> --help`. */
export function commandHelp(command: CliCommand): string {
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
    ...(command === "keygen" ? [] : EXIT_CODES),
  ].join("\n");
}
