import { isAbsolute, relative, resolve } from "node:path";
import { CLI_COMMANDS, type CliCommand, commandInputs } from "./command-inputs";
import {
  type Config,
  isNamespaceName,
  type KubernetesConfig,
  kubeconfigInput,
  parseConfig,
  parseDockerHost,
} from "./config";
import { dockerCli } from "./deploy/docker/cli";
import { isEnvironmentPart } from "./deploy/docker/names";
import { rememberedOnDocker } from "./deploy/docker/remembered";
import { ExecError, GreenlightError, InputError } from "./errors";
import { parseReference } from "./image/reference";
import {
  conflictError,
  type Layer,
  type Layered,
  type LayerValue,
  mergeLayers,
  originOf,
  type Remembered,
  settingConflicts,
} from "./input-layers";
import { INPUTS, type InputName, type InputSource } from "./inputs";
import { parseSettingsFile, type SettingsFile, SettingsFileError, unknownEnvironment } from "./settings-file";

/** A front-end's inputs: what the step or the command line gave, and each input's default there. */
export interface InputSources {
  /** The value given ("" when not given). */
  given: InputSource;
  /** The front-end's default. */
  fallback: InputSource;
}

/**
 * Where to find what an environment remembers: the Docker target reads its router's labels (on
 * `dockerHost`), the Kubernetes target its live Service's annotations (with `kubeconfig`, in `namespace`).
 */
export type Recall = (query: {
  target: string;
  app: string | undefined;
  environment: string;
  dockerHost: string | undefined;
  kubeconfig?: KubernetesConfig["kubeconfig"];
  namespace?: string;
}) => Promise<Remembered | undefined>;

/** How long asking a cluster may take before the run goes on without what it remembers (the command meets the cluster later). */
const RECALL_TIMEOUT_MS = 15_000;

export const DEFAULT_SETTINGS_FILE = "greenlight.yml";

// preview-address is held against the environment but not taken from it: its default depends on
// how the engine is reached (loopback for a local one), which may change between runs
const NOT_RECALLED: ReadonlySet<InputName> = new Set(["preview-address"]);

/**
 * The Config of a run: the inputs given, over greenlight.yml (the environment's section, then the
 * top level), over what the environment's target remembers, over the defaults. A shape setting
 * (ports, router image) given with another value than the environment runs with is refused here,
 * before anything runs.
 */
export async function readConfig(
  sources: InputSources,
  env: NodeJS.ProcessEnv,
  readFile: (path: string) => string,
  recall: Recall = recallFromTarget(env),
): Promise<Config> {
  const workdir = env.GITHUB_WORKSPACE || process.cwd();
  const file = readSettingsFile(sources.given("config-file").trim(), workdir, readFile);
  const givenEnvironment = sources.given("environment").trim();
  const environment =
    givenEnvironment ||
    file?.top.environment?.value.trim() ||
    sources.fallback("environment").trim() ||
    "production";
  const layers: Layer[] = [
    { name: "input", values: givenValues(sources.given) },
    { name: "environment-section", values: file?.environments[environment] ?? {} },
    { name: "file", values: file?.top ?? {} },
  ];
  const command = sources.given("command").trim() || sources.fallback("command").trim();
  let refusal: GreenlightError | undefined;
  if ((CLI_COMMANDS as readonly string[]).includes(command)) {
    const reads = new Set(commandInputs(command as CliCommand));
    const unlisted =
      reads.has("environment") && file
        ? unknownEnvironment(
            file,
            environment,
            givenEnvironment ? "input" : file.top.environment?.value.trim() ? "file" : "default",
          )
        : undefined;
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
  const get = (name: InputName): string =>
    name === "environment" ? environment : (merged[name]?.value ?? sources.fallback(name));
  let config: Config;
  try {
    config = parseConfig(get, env, readFile);
  } catch (error) {
    throw fromFile(error, merged, file, environment); // a malformed value is named as such first
  }
  if (refusal) throw refusal;
  return config;
}

/** greenlight.yml: the one `config-file` names (it must exist), else the workspace's when there is one. */
function readSettingsFile(
  given: string,
  workdir: string,
  readFile: (path: string) => string,
): SettingsFile | undefined {
  const path = resolve(workdir, given || DEFAULT_SETTINGS_FILE);
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    if (!given && (error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new InputError(
      "config-file",
      `cannot read '${given || path}': ${(error as Error).message}`,
      `the path of a settings file in the workspace (default: ${DEFAULT_SETTINGS_FILE} when there is one)`,
    );
  }
  const shown = relative(workdir, path);
  return parseSettingsFile(text, shown.startsWith("..") || isAbsolute(shown) ? path : shown);
}

function givenValues(given: InputSource): Partial<Record<InputName, LayerValue>> {
  const values: Partial<Record<InputName, LayerValue>> = {};
  for (const name of Object.keys(INPUTS) as InputName[]) {
    const value = given(name);
    if (value.trim()) values[name] = { value };
  }
  return values;
}

function recalled(values: Partial<Record<InputName, string>>): Partial<Record<InputName, LayerValue>> {
  return Object.fromEntries(
    Object.entries(values)
      .filter(([name]) => !NOT_RECALLED.has(name as InputName))
      .map(([name, value]) => [name, { value }]),
  );
}

/**
 * Asks the target only with names it could hold (a malformed one is refused by parseConfig, naming
 * its input); an engine that cannot be reached remembers nothing here, and the command meets it later.
 */
async function recallSafely(
  recall: Recall,
  stated: Partial<Record<InputName, Layered>>,
  environment: string,
  workdir: string,
): Promise<Remembered | undefined> {
  const value = (name: InputName) => stated[name]?.value.trim() || undefined;
  const app = value("app") ?? appOfImage(value("image"));
  if (!isEnvironmentPart(environment) || (app !== undefined && !isEnvironmentPart(app))) return undefined;
  let dockerHost: string | undefined;
  try {
    dockerHost = value("docker-host") && parseDockerHost(value("docker-host") as string);
  } catch {
    return undefined;
  }
  const target = value("target") ?? "docker";
  const namespace = value("namespace");
  if (namespace !== undefined && !isNamespaceName(namespace)) return undefined;
  const kubeconfig =
    target === "kubernetes" ? kubeconfigInput(stated.kubeconfig?.value ?? "", workdir) : undefined;
  try {
    return await recall({
      target,
      app,
      environment,
      dockerHost,
      ...(target === "kubernetes" ? { kubeconfig, namespace: namespace ?? "default" } : {}),
    });
  } catch (error) {
    if (error instanceof GreenlightError && !(error instanceof ExecError)) throw error;
    return undefined;
  }
}

function appOfImage(image: string | undefined): string | undefined {
  if (!image) return undefined;
  try {
    return parseReference(image).repository.split("/").pop();
  } catch {
    return undefined;
  }
}

/** Asks the environment's target: the Docker Engine's routers, or the cluster's live Service. */
export function recallFromTarget(env: NodeJS.ProcessEnv): Recall {
  return async ({ target, app, environment, dockerHost, kubeconfig, namespace }) => {
    if (target === "kubernetes")
      return recallFromCluster(kubeconfig, namespace ?? "default", app, environment);
    if (target !== "docker") return undefined;
    const host = dockerHost ?? env.DOCKER_HOST;
    return rememberedOnDocker(dockerCli({ env: host ? { DOCKER_HOST: host } : {} }), app, environment);
  };
}

/**
 * The live Service's recorded settings, with the user's kubeconfig (the input, else KUBECONFIG or
 * ~/.kube/config, and its current context). The Kubernetes client is loaded only here, for a run
 * that names target kubernetes; a cluster that does not answer within 15 s remembers nothing.
 */
async function recallFromCluster(
  kubeconfig: KubernetesConfig["kubeconfig"],
  namespace: string,
  app: string | undefined,
  environment: string,
): Promise<Remembered | undefined> {
  const [{ kubernetesApis }, { rememberedInNamespace }] = await Promise.all([
    import("./deploy/kubernetes/client"),
    import("./deploy/kubernetes/remembered"),
  ]);
  const apis = kubernetesApis(
    !kubeconfig ? {} : "yaml" in kubeconfig ? { yaml: kubeconfig.yaml } : { kubeconfig: kubeconfig.path },
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), RECALL_TIMEOUT_MS);
    timer.unref();
  });
  try {
    return await Promise.race([rememberedInNamespace(apis.core, namespace, app, environment), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** An input error about a value from greenlight.yml names the file and line; one the target remembered says so. */
function fromFile(
  error: unknown,
  merged: Partial<Record<InputName, Layered>>,
  file: SettingsFile | undefined,
  environment: string,
): unknown {
  if (!(error instanceof InputError)) return error;
  const value = merged[error.input as InputName];
  if (!value || value.layer === "input") return error;
  const problem = error.message.replace(/^input '[^']*':? ?/, "");
  const where = originOf(value, file?.path, environment);
  return new SettingsFileError(`"${error.input}" ${where}: ${problem}`, {
    ...(error.hint ? { hint: error.hint } : {}),
  });
}
