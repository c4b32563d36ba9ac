import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  CLI_COMMANDS,
  INPUTS,
  LIST_INPUTS,
  commandInputs,
  isNamespaceName,
  kubeconfigInput,
  parseConfig,
  parseDockerHost
} from "./chunk-DA64P7H5.mjs";
import {
  NAME_RULE,
  isEnvironmentPart,
  rememberedOnDocker
} from "./chunk-27S7CDBD.mjs";
import {
  CancelledError,
  exitStatusOf
} from "./chunk-WXS3AS6K.mjs";
import {
  dockerCli
} from "./chunk-LJTNHG3R.mjs";
import {
  require_dist
} from "./chunk-W6HQBBLQ.mjs";
import {
  conflictError,
  mergeLayers,
  originOf,
  settingConflicts
} from "./chunk-XR4YHTGR.mjs";
import {
  parseReference
} from "./chunk-UEFSGM5H.mjs";
import {
  ExecError,
  GreenlightError,
  InputError,
  RefusedError
} from "./chunk-XAPMUR2Q.mjs";
import {
  __toESM
} from "./chunk-SZKR2E2Q.mjs";

// src/cli/suggest.ts
function editDistance(a, b) {
  const d = Array.from(
    { length: a.length + 1 },
    (_, i) => Array.from({ length: b.length + 1 }, (_2, j) => i === 0 ? j : j === 0 ? i : 0)
  );
  const at = (i, j) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i][j] = best;
    }
  }
  return at(a.length, b.length);
}
function closest(word, candidates) {
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let best;
  for (const name of candidates) {
    const distance = editDistance(word.toLowerCase(), name);
    if (distance <= limit && (!best || distance < best.distance)) best = { name, distance };
  }
  if (best) return best.name;
  const prefixed = candidates.filter((c) => word.length >= 4 && c.startsWith(word.toLowerCase()));
  return prefixed.length === 1 ? prefixed[0] : void 0;
}

// src/read-config.ts
import { isAbsolute, relative, resolve } from "node:path";

// src/settings-file.ts
var import_yaml = __toESM(require_dist(), 1);
var SECRETS = {
  password: "the action's 'password' input from a secret (secrets.NAME), or GREENLIGHT_PASSWORD for the CLI",
  "registry-password": "the reusable workflow's secret 'registry-password'",
  "signing-key": "the action's 'signing-key' input from a secret (secrets.NAME), or 'signing-key-file' outside the checkout",
  "github-token": "the action's 'github-token' input (default: the workflow's token), or GITHUB_TOKEN for the CLI",
  "ssh-private-key": "the reusable workflow's secret 'ssh-private-key', or ssh-agent for the CLI",
  kubeconfig: "the action's 'kubeconfig' input from a secret (secrets.NAME), or KUBECONFIG for the CLI"
};
var PER_RUN = /* @__PURE__ */ new Set(["command", "config-file", "dry-run", "to", "reason", "force"]);
var SettingsFileError = class extends GreenlightError {
  name = "SettingsFileError";
};
function parseSettingsFile(text, path) {
  const lines = new import_yaml.LineCounter();
  const doc = (0, import_yaml.parseDocument)(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (item) => {
    const node = (0, import_yaml.isPair)(item) ? item.key : item;
    const offset = node?.range?.[0];
    return offset === void 0 ? 1 : lines.linePos(offset).line;
  };
  const fail = (line, problem, hint) => {
    throw new SettingsFileError(`${path} line ${line}: ${problem}`, { hint });
  };
  const [error] = doc.errors;
  if (error)
    fail(
      error.linePos?.[0].line ?? lines.linePos(error.pos[0]).line,
      `is not YAML (${error.message.split("\n")[0]})`,
      "a YAML mapping of input names to values"
    );
  const file = { path, top: {}, environments: {} };
  if (doc.contents === null || (0, import_yaml.isScalar)(doc.contents) && doc.contents.value === null) return file;
  if (!(0, import_yaml.isMap)(doc.contents))
    fail(lineOf(doc.contents), "is not a mapping", 'input names as keys, e.g. "live-port: 8080"');
  for (const pair of doc.contents.items) {
    const key = keyOf(pair, lineOf(pair), fail);
    if (key !== "environments") {
      Object.assign(file.top, setting(pair, key, "top", lineOf, fail));
      continue;
    }
    file.environmentsLine = lineOf(pair);
    const section = pair.value;
    if (!(0, import_yaml.isMap)(section))
      fail(
        lineOf(pair),
        '"environments" is not a mapping',
        '"environments: { <name>: { <input>: <value> } }"'
      );
    for (const env of section.items) {
      const name = keyOf(env, lineOf(env), fail);
      if (!isEnvironmentPart(name)) fail(lineOf(env), `"${name}" cannot name an environment`, NAME_RULE);
      const given = env.value;
      const values = (0, import_yaml.isScalar)(given) && given.value === null ? null : given;
      if (values !== null && !(0, import_yaml.isMap)(values))
        fail(lineOf(env), `environment "${name}" is not a mapping`, `"${name}: { <input>: <value> }"`);
      const settings = {};
      for (const item of values?.items ?? [])
        Object.assign(settings, setting(item, keyOf(item, lineOf(item), fail), "environment", lineOf, fail));
      file.environments[name] = settings;
    }
  }
  return file;
}
function keyOf(pair, line, fail) {
  const key = pair.key;
  if (!(0, import_yaml.isScalar)(key) || typeof key.value !== "string")
    return fail(line, "has a key that is not a name", 'input names, e.g. "live-port"');
  return key.value;
}
function setting(pair, key, section, lineOf, fail) {
  const line = lineOf(pair);
  const value = pair.value;
  if (key in SECRETS && (key !== "kubeconfig" || looksLikeKubeconfig(value)))
    fail(
      line,
      `"${key}" is a secret, and greenlight.yml is kept in the repository`,
      `remove it; pass it as ${SECRETS[key]}`
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
      "greenlight's input names (greenlight <command> --help lists them)" + (section === "top" ? ", and environments" : "")
    );
  }
  const name = key;
  if (value === null || (0, import_yaml.isScalar)(value) && value.value === null)
    fail(line, `"${key}" has no value`, "a value, or remove the key");
  if ((0, import_yaml.isSeq)(value)) {
    if (!LIST_INPUTS.has(name)) fail(line, `"${key}" takes one value, not a list`, `"${key}: <value>"`);
    const items = value.items.map((item) => {
      if (!(0, import_yaml.isScalar)(item) || item.value === null || typeof item.value === "object")
        fail(
          lineOf(item),
          `"${key}" has an item that is not a plain value`,
          `"${key}: [a, b]", or one item per "- " line`
        );
      return String(item.value);
    });
    return { [name]: { value: items.join("\n"), line } };
  }
  if (!(0, import_yaml.isScalar)(value) || typeof value.value === "object")
    fail(
      line,
      `"${key}" is a mapping`,
      LIST_INPUTS.has(name) ? `"${key}: <value>", or a list` : `"${key}: <value>"`
    );
  return { [name]: { value: String(value.value), line } };
}
function looksLikeKubeconfig(value) {
  return (0, import_yaml.isScalar)(value) && typeof value.value === "string" && /\n|apiVersion:/.test(value.value);
}
function unknownEnvironment(file, environment, chosenBy) {
  const names = Object.keys(file.environments);
  if (!names.length || names.includes(environment)) return void 0;
  const guess = closest(environment, names);
  const line = chosenBy === "file" ? file.top.environment?.line ?? 1 : file.environmentsLine ?? 1;
  const how = chosenBy === "file" ? `"environment: ${environment}"` : chosenBy === "input" ? `the environment given, '${environment}',` : `the default environment '${environment}'`;
  return new SettingsFileError(
    `${file.path} line ${line}: ${how} is not one of its environments (${names.join(", ")})${guess ? `; did you mean "${guess}"?` : ""}`,
    {
      hint: `one of ${names.join(", ")}, or add its section to ${file.path} ("environments: { ${environment}: {} }" for the top level's settings only)`
    }
  );
}

// src/read-config.ts
var RECALL_TIMEOUT_MS = 15e3;
var DEFAULT_SETTINGS_FILE = "greenlight.yml";
var NOT_RECALLED = /* @__PURE__ */ new Set(["preview-address"]);
async function readConfig(sources, env, readFile, recall = recallFromTarget(env)) {
  const workdir = env.GITHUB_WORKSPACE || process.cwd();
  const file = readSettingsFile(sources.given("config-file").trim(), workdir, readFile);
  const givenEnvironment = sources.given("environment").trim();
  const environment = givenEnvironment || file?.top.environment?.value.trim() || sources.fallback("environment").trim() || "production";
  const layers = [
    { name: "input", values: givenValues(sources.given) },
    { name: "environment-section", values: file?.environments[environment] ?? {} },
    { name: "file", values: file?.top ?? {} }
  ];
  const command = sources.given("command").trim() || sources.fallback("command").trim();
  let refusal;
  if (CLI_COMMANDS.includes(command)) {
    const reads = new Set(commandInputs(command));
    const unlisted = reads.has("environment") && file ? unknownEnvironment(
      file,
      environment,
      givenEnvironment ? "input" : file.top.environment?.value.trim() ? "file" : "default"
    ) : void 0;
    if (unlisted) throw unlisted;
    if (reads.has("environment")) {
      const stated = mergeLayers(layers);
      const remembered = await recallSafely(recall, stated, environment, workdir);
      if (remembered) {
        const conflicts = settingConflicts(stated, remembered.values, reads);
        if (conflicts.length) refusal = conflictError(environment, remembered.where, conflicts, file?.path);
        layers.push({ name: "target", values: recalled(remembered.values) });
      }
    }
  }
  const merged = mergeLayers(layers);
  const get = (name) => name === "environment" ? environment : merged[name]?.value ?? sources.fallback(name);
  let config;
  try {
    config = parseConfig(get, env, readFile);
  } catch (error) {
    throw fromFile(error, merged, file, environment);
  }
  if (refusal) throw refusal;
  return config;
}
function readSettingsFile(given, workdir, readFile) {
  const path = resolve(workdir, given || DEFAULT_SETTINGS_FILE);
  let text;
  try {
    text = readFile(path);
  } catch (error) {
    if (!given && error.code === "ENOENT") return void 0;
    throw new InputError(
      "config-file",
      `cannot read '${given || path}': ${error.message}`,
      `the path of a settings file in the workspace (default: ${DEFAULT_SETTINGS_FILE} when there is one)`
    );
  }
  const shown = relative(workdir, path);
  return parseSettingsFile(text, shown.startsWith("..") || isAbsolute(shown) ? path : shown);
}
function givenValues(given) {
  const values = {};
  for (const name of Object.keys(INPUTS)) {
    const value = given(name);
    if (value.trim()) values[name] = { value };
  }
  return values;
}
function recalled(values) {
  return Object.fromEntries(
    Object.entries(values).filter(([name]) => !NOT_RECALLED.has(name)).map(([name, value]) => [name, { value }])
  );
}
async function recallSafely(recall, stated, environment, workdir) {
  const value = (name) => stated[name]?.value.trim() || void 0;
  const app = value("app") ?? appOfImage(value("image"));
  if (!isEnvironmentPart(environment) || app !== void 0 && !isEnvironmentPart(app)) return void 0;
  let dockerHost;
  try {
    dockerHost = value("docker-host") && parseDockerHost(value("docker-host"));
  } catch {
    return void 0;
  }
  const target = value("target") ?? "docker";
  const namespace = value("namespace");
  if (namespace !== void 0 && !isNamespaceName(namespace)) return void 0;
  const kubeconfig = target === "kubernetes" ? kubeconfigInput(stated.kubeconfig?.value ?? "", workdir) : void 0;
  try {
    return await recall({
      target,
      app,
      environment,
      dockerHost,
      ...target === "kubernetes" ? { kubeconfig, namespace: namespace ?? "default" } : {}
    });
  } catch (error) {
    if (error instanceof GreenlightError && !(error instanceof ExecError)) throw error;
    return void 0;
  }
}
function appOfImage(image) {
  if (!image) return void 0;
  try {
    return parseReference(image).repository.split("/").pop();
  } catch {
    return void 0;
  }
}
function recallFromTarget(env) {
  return async ({ target, app, environment, dockerHost, kubeconfig, namespace }) => {
    if (target === "kubernetes")
      return recallFromCluster(kubeconfig, namespace ?? "default", app, environment);
    if (target !== "docker") return void 0;
    const host = dockerHost ?? env.DOCKER_HOST;
    return rememberedOnDocker(dockerCli({ env: host ? { DOCKER_HOST: host } : {} }), app, environment);
  };
}
async function recallFromCluster(kubeconfig, namespace, app, environment) {
  const [{ kubernetesApis }, { rememberedInNamespace }] = await Promise.all([
    import("./chunk-R6W25BLM.mjs"),
    import("./chunk-R5UZTP2Y.mjs")
  ]);
  const apis = kubernetesApis(
    !kubeconfig ? {} : "yaml" in kubeconfig ? { yaml: kubeconfig.yaml } : { kubeconfig: kubeconfig.path }
  );
  let timer;
  const timeout = new Promise((resolve2) => {
    timer = setTimeout(() => resolve2(void 0), RECALL_TIMEOUT_MS);
    timer.unref();
  });
  try {
    return await Promise.race([rememberedInNamespace(apis.core, namespace, app, environment), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
function fromFile(error, merged, file, environment) {
  if (!(error instanceof InputError)) return error;
  const value = merged[error.input];
  if (!value || value.layer === "input") return error;
  const problem = error.message.replace(/^input '[^']*':? ?/, "");
  const where = originOf(value, file?.path, environment);
  return new SettingsFileError(`"${error.input}" ${where}: ${problem}`, {
    ...error.hint ? { hint: error.hint } : {}
  });
}

// src/report.ts
function renderMarkdown(report) {
  const out = [`## ${oneLine(report.title)}`, "", "| | |", "|---|---|"];
  for (const [label, value] of report.facts) out.push(`| ${cell(label)} | ${cell(value)} |`);
  if (report.timeline?.length) {
    out.push("", "### Timeline", "", "| step | outcome | duration |", "|---|---|---|");
    for (const t of report.timeline)
      out.push(`| ${cell(t.step)} | ${cell(t.outcome)} | ${seconds(t.durationMs)} |`);
  }
  if (report.gates?.length) {
    out.push("", "### Gates", "", "| gate | result | detail | duration |", "|---|---|---|---|");
    for (const g of report.gates) {
      out.push(
        `| ${cell(g.name)} | ${g.passed ? "\u2705 passed" : "\u274C failed"} | ${cell(g.detail)} | ${seconds(g.durationMs)} |`
      );
    }
  }
  for (const note of report.notes ?? []) out.push("", note.replace(/^/gm, "> "));
  if (report.next) out.push("", `### ${oneLine(report.next.heading)}`, "", ...fenced(report.next.commands));
  if (report.rollback) {
    const fence = "`".repeat(Math.max(3, ...(report.rollback.match(/`+/g) ?? []).map((r) => r.length + 1)));
    out.push("", "### Roll back", "", fence, report.rollback, fence);
  }
  if (report.markdown) out.push("", report.markdown.trimEnd());
  return `${out.join("\n")}
`;
}
function renderText(report) {
  const width = Math.max(0, ...report.facts.map(([label]) => label.length));
  const out = [report.title];
  for (const [label, value] of report.facts) out.push(`  ${label.padEnd(width)}  ${value}`);
  for (const t of report.timeline ?? [])
    out.push(`  ${seconds(t.durationMs).padStart(7)}  ${t.step}: ${t.outcome}`);
  for (const g of report.gates ?? []) out.push(`  ${g.passed ? "pass" : "FAIL"}  ${g.name}: ${g.detail}`);
  for (const note of report.notes ?? []) out.push(`  note: ${note}`);
  if (report.next)
    out.push(`  ${report.next.heading}:`, ...report.next.commands.split("\n").map((l) => `    ${l}`));
  if (report.rollback) out.push(`  roll back:`, ...report.rollback.split("\n").map((l) => `    ${l}`));
  return `${out.join("\n")}
`;
}
function cell(text) {
  return text.replace(/&/g, "&amp;").replace(/\|/g, "&#124;").replace(/\r?\n|\r/g, "<br>");
}
function fenced(text) {
  const fence = "`".repeat(Math.max(3, ...(text.match(/`+/g) ?? []).map((r) => r.length + 1)));
  return [fence, text, fence];
}
function oneLine(text) {
  return text.replace(/\s*[\r\n]+\s*/g, " ");
}
function seconds(ms) {
  return `${(ms / 1e3).toFixed(1)} s`;
}

// src/result-format.ts
var EXIT = { done: 0, refused: 1, error: 2 };
var STATUS = { 0: "done", 1: "refused", 2: "error" };
var statusOf = (code) => STATUS[code] ?? "cancelled";
var FORMATS = {
  history: ["text", "json", "markdown"],
  metrics: ["text", "json", "openmetrics"]
};
function parseFormat(value, command) {
  const v = value.trim() || "text";
  const valid = FORMATS[command] ?? ["text", "json"];
  if (!valid.includes(v))
    throw new InputError("format", `'${v}' is not a format of ${command}`, valid.join(", "));
  return v;
}
function exitCodeOf(error) {
  if (error instanceof CancelledError && error.signal) return exitStatusOf(error);
  return error instanceof RefusedError ? EXIT.refused : EXIT.error;
}
function reportOnStderr(result, format) {
  return result.document === void 0 || format === "json" || format === "openmetrics";
}
function resultJson(command, exitCode, result) {
  const { title, facts, timeline, gates, notes, rollback, next } = result.report;
  return {
    command,
    status: statusOf(exitCode),
    exitCode,
    title,
    outputs: result.outputs,
    facts: Object.fromEntries(facts),
    ...timeline ? { timeline } : {},
    ...gates ? { gates } : {},
    ...notes ? { notes } : {},
    ...rollback ? { rollback } : {},
    ...next ? { next } : {}
  };
}
function errorReport(command, error) {
  const refused = exitCodeOf(error) === EXIT.refused;
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof GreenlightError ? error.hint : void 0;
  return {
    title: `${command} ${refused ? "refused" : "failed with an error"}: ${message.split("\n")[0]}`,
    facts: [
      ["outcome", refused ? "refused by a gate or a policy; nothing was changed" : "error"],
      ["message", message],
      ...hint ? [["hint", hint]] : []
    ]
  };
}
function errorJson(command, exitCode, error) {
  return {
    command,
    status: statusOf(exitCode),
    exitCode,
    error: error instanceof Error ? error.message : String(error),
    ...error instanceof GreenlightError && error.hint ? { hint: error.hint } : {}
  };
}

// src/run.ts
var HANDLERS = {
  build: async () => (await import("./chunk-FXG2KUAW.mjs")).runBuild,
  attest: async () => (await import("./chunk-JQQR4L5D.mjs")).runAttest,
  verify: async () => (await import("./chunk-JPZORCR3.mjs")).runVerify,
  release: async () => (await import("./chunk-G4HILMQE.mjs")).runRelease,
  deploy: async () => (await import("./chunk-4YHCZTAH.mjs")).runDeploy,
  promote: async () => (await import("./chunk-4YHCZTAH.mjs")).runPromote,
  reject: async () => (await import("./chunk-4YHCZTAH.mjs")).runReject,
  rollback: async () => (await import("./chunk-BTN2SEVB.mjs")).runRollback,
  status: async () => (await import("./chunk-ETCSTWYV.mjs")).runStatus,
  unlock: async () => (await import("./chunk-GZH2KDOJ.mjs")).runUnlock,
  history: async () => (await import("./chunk-CN25QCLM.mjs")).runHistory,
  metrics: async () => (await import("./chunk-PGGJZVRH.mjs")).runMetrics
};
var READ_ONLY = /* @__PURE__ */ new Set(["verify", "status", "history", "metrics"]);
var DRY_RUNS = {
  build: async () => (await import("./chunk-WHUYXZGL.mjs")).dryRunBuild,
  attest: async () => (await import("./chunk-WHUYXZGL.mjs")).dryRunAttest,
  release: async () => (await import("./chunk-WHUYXZGL.mjs")).dryRunRelease,
  deploy: async () => (await import("./chunk-WHUYXZGL.mjs")).dryRunDeploy,
  promote: async () => (await import("./chunk-WHUYXZGL.mjs")).dryRunPromote,
  reject: async () => (await import("./chunk-WHUYXZGL.mjs")).dryRunReject,
  rollback: async () => (await import("./chunk-WHUYXZGL.mjs")).dryRunRollback,
  unlock: async () => (await import("./chunk-WHUYXZGL.mjs")).dryRunUnlock
};
async function runCommand(config, ctx) {
  if (config.deploy.dryRun && !READ_ONLY.has(config.command)) {
    const dryRun = DRY_RUNS[config.command];
    if (!dryRun) {
      throw new InputError(
        "dry-run",
        `'${config.command}' has no dry run, and a dry run must change nothing`,
        `false for '${config.command}'; commands with a dry run: ${Object.keys(DRY_RUNS).join(", ")}`
      );
    }
    return withServices(config, ctx, await dryRun());
  }
  return withServices(config, ctx, await HANDLERS[config.command]());
}
async function withServices(config, ctx, handler) {
  const { RunServices } = await import("./chunk-FT5S2VVD.mjs");
  const services = new RunServices(config, ctx);
  try {
    return await handler(services);
  } finally {
    await services.close();
  }
}

// src/log.ts
import { randomBytes } from "node:crypto";
function secretParts(secret) {
  const lines = secret.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length >= 4 && !/^-----(BEGIN|END) [A-Z0-9 ]+-----$/.test(l));
  return [.../* @__PURE__ */ new Set([secret.trim(), ...lines])].filter(Boolean).sort((a, b) => b.length - a.length);
}
function redact(message, secrets) {
  return secrets.reduce((text, secret) => text.split(secret).join("***"), message);
}
var WORKFLOW_COMMAND = /^\s*(::|##\[)/m;
function guardWorkflowCommands(message) {
  if (!WORKFLOW_COMMAND.test(message)) return message;
  const token = randomBytes(16).toString("hex");
  return `::stop-commands::${token}
${message}
::${token}::`;
}

export {
  closest,
  readConfig,
  renderMarkdown,
  renderText,
  EXIT,
  parseFormat,
  exitCodeOf,
  reportOnStderr,
  resultJson,
  errorReport,
  errorJson,
  runCommand,
  secretParts,
  redact,
  guardWorkflowCommands
};
//# sourceMappingURL=chunk-YFRJ44SC.mjs.map
