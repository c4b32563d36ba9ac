import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument } from "yaml";
import { closest } from "./cli/suggest";
import { isEnvironmentPart, NAME_RULE } from "./deploy/docker/names";
import { GreenlightError } from "./errors";
import { INPUTS, type InputName, LIST_INPUTS } from "./inputs";

/** One value of greenlight.yml, as the input string it stands for, and the line it is on. */
export interface FileSetting {
  value: string;
  line: number;
}
export type FileSettings = Partial<Record<InputName, FileSetting>>;

/**
 * greenlight.yml: top-level keys are input names, defaults for every environment; `environments`
 * maps an environment's name to its own inputs, which win over the top level.
 */
export interface SettingsFile {
  path: string;
  top: FileSettings;
  environments: Record<string, FileSettings>;
  /** The line of the `environments` key, when the file has one. */
  environmentsLine?: number;
}

/** Inputs that are secrets: a file kept in the repository must not hold them. */
const SECRETS: Record<string, string> = {
  password: "the action's 'password' input from a secret (secrets.NAME), or GREENLIGHT_PASSWORD for the CLI",
  "registry-password": "the reusable workflow's secret 'registry-password'",
  "signing-key":
    "the action's 'signing-key' input from a secret (secrets.NAME), or 'signing-key-file' outside the checkout",
  "github-token":
    "the action's 'github-token' input (default: the workflow's token), or GITHUB_TOKEN for the CLI",
  "ssh-private-key": "the reusable workflow's secret 'ssh-private-key', or ssh-agent for the CLI",
  kubeconfig: "the action's 'kubeconfig' input from a secret (secrets.NAME), or KUBECONFIG for the CLI",
};

/** Inputs about one run, not about an environment: given on the command line or the step. */
const PER_RUN: ReadonlySet<string> = new Set(["command", "config-file", "dry-run", "to", "reason", "force"]);

/** Where a key may appear: at the top level (`environment` picks the default one) or in an environment's section. */
type Section = "top" | "environment";

export class SettingsFileError extends GreenlightError {
  override readonly name = "SettingsFileError";
}

/** Parses greenlight.yml's text; every refusal names the file, the line, the key and what would be valid. */
export function parseSettingsFile(text: string, path: string): SettingsFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (item: Node | Pair | null | undefined): number => {
    const node = (isPair(item) ? item.key : item) as Node | null | undefined;
    const offset = node?.range?.[0];
    return offset === undefined ? 1 : lines.linePos(offset).line;
  };
  const fail = (line: number, problem: string, hint: string): never => {
    throw new SettingsFileError(`${path} line ${line}: ${problem}`, { hint });
  };
  const [error] = doc.errors;
  if (error)
    fail(
      error.linePos?.[0].line ?? lines.linePos(error.pos[0]).line,
      `is not YAML (${error.message.split("\n")[0]})`,
      "a YAML mapping of input names to values",
    );
  const file: SettingsFile = { path, top: {}, environments: {} };
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return file;
  if (!isMap(doc.contents))
    fail(lineOf(doc.contents), "is not a mapping", 'input names as keys, e.g. "live-port: 8080"');
  for (const pair of (doc.contents as { items: Pair[] }).items) {
    const key = keyOf(pair, lineOf(pair), fail);
    if (key !== "environments") {
      Object.assign(file.top, setting(pair, key, "top", lineOf, fail));
      continue;
    }
    file.environmentsLine = lineOf(pair);
    const section = pair.value as Node | null;
    if (!isMap(section))
      fail(
        lineOf(pair),
        '"environments" is not a mapping',
        '"environments: { <name>: { <input>: <value> } }"',
      );
    for (const env of (section as { items: Pair[] }).items) {
      const name = keyOf(env, lineOf(env), fail);
      if (!isEnvironmentPart(name)) fail(lineOf(env), `"${name}" cannot name an environment`, NAME_RULE);
      const given = env.value as Node | null;
      const values = isScalar(given) && given.value === null ? null : given;
      if (values !== null && !isMap(values))
        fail(lineOf(env), `environment "${name}" is not a mapping`, `"${name}: { <input>: <value> }"`);
      const settings: FileSettings = {};
      for (const item of (values as { items: Pair[] } | null)?.items ?? [])
        Object.assign(settings, setting(item, keyOf(item, lineOf(item), fail), "environment", lineOf, fail));
      file.environments[name] = settings;
    }
  }
  return file;
}

type Fail = (line: number, problem: string, hint: string) => never;

function keyOf(pair: Pair, line: number, fail: Fail): string {
  const key = pair.key as Node | null;
  if (!isScalar(key) || typeof key.value !== "string")
    return fail(line, "has a key that is not a name", 'input names, e.g. "live-port"');
  return key.value;
}

/** One `key: value` pair as an input's string; refuses what is not a setting, with the nearest valid key. */
function setting(
  pair: Pair,
  key: string,
  section: Section,
  lineOf: (node: Node | Pair) => number,
  fail: Fail,
): FileSettings {
  const line = lineOf(pair);
  const value = pair.value as Node | null;
  if (key in SECRETS && (key !== "kubeconfig" || looksLikeKubeconfig(value)))
    fail(
      line,
      `"${key}" is a secret, and greenlight.yml is kept in the repository`,
      `remove it; pass it as ${SECRETS[key]}`,
    );
  if (PER_RUN.has(key))
    fail(line, `"${key}" is about one run, not a setting`, "give it to the command or to the step's inputs");
  if (key === "environment" && section === "environment")
    fail(line, '"environment" inside an environment section', "the section's name is the environment");
  if (!(key in INPUTS)) {
    const valid = Object.keys(INPUTS).filter((n) => !PER_RUN.has(n) && !(n in SECRETS));
    const guess = closest(key, section === "top" ? [...valid, "environments"] : valid);
    fail(
      line,
      `"${key}" is not a setting${guess ? `; did you mean "${guess}"?` : ""}`,
      "greenlight's input names (greenlight <command> --help lists them)" +
        (section === "top" ? ", and environments" : ""),
    );
  }
  const name = key as InputName;
  if (value === null || (isScalar(value) && value.value === null))
    fail(line, `"${key}" has no value`, "a value, or remove the key");
  if (isSeq(value)) {
    if (!LIST_INPUTS.has(name)) fail(line, `"${key}" takes one value, not a list`, `"${key}: <value>"`);
    const items = (value as { items: Node[] }).items.map((item) => {
      if (!isScalar(item) || item.value === null || typeof item.value === "object")
        fail(
          lineOf(item),
          `"${key}" has an item that is not a plain value`,
          `"${key}: [a, b]", or one item per "- " line`,
        );
      return String((item as { value: unknown }).value);
    });
    return { [name]: { value: items.join("\n"), line } };
  }
  if (!isScalar(value) || typeof value.value === "object")
    fail(
      line,
      `"${key}" is a mapping`,
      LIST_INPUTS.has(name) ? `"${key}: <value>", or a list` : `"${key}: <value>"`,
    );
  return { [name]: { value: String((value as { value: unknown }).value), line } };
}

function looksLikeKubeconfig(value: Node | null): boolean {
  return isScalar(value) && typeof value.value === "string" && /\n|apiVersion:/.test(value.value);
}

/**
 * A file that lists environments lists every one a run may act on: an environment it does not name
 * (a typo would make a new environment, with the defaults) is refused, naming the file, the line
 * that chose it or the `environments` key, and the names it has. Undefined when it is listed, or the
 * file lists none. Pure.
 */
export function unknownEnvironment(
  file: SettingsFile,
  environment: string,
  chosenBy: "input" | "file" | "default",
): SettingsFileError | undefined {
  const names = Object.keys(file.environments);
  if (!names.length || names.includes(environment)) return undefined;
  const guess = closest(environment, names);
  const line = chosenBy === "file" ? (file.top.environment?.line ?? 1) : (file.environmentsLine ?? 1);
  const how =
    chosenBy === "file"
      ? `"environment: ${environment}"`
      : chosenBy === "input"
        ? `the environment given, '${environment}',`
        : `the default environment '${environment}'`;
  return new SettingsFileError(
    `${file.path} line ${line}: ${how} is not one of its environments (${names.join(", ")})${guess ? `; did you mean "${guess}"?` : ""}`,
    {
      hint: `one of ${names.join(", ")}, or add its section to ${file.path} ("environments: { ${environment}: {} }" for the top level's settings only)`,
    },
  );
}
