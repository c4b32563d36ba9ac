import { homedir } from "node:os";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { remoteDockerHost } from "./deploy/docker/docker-host";
import { checkEnvironmentPart } from "./deploy/docker/names";
import { checkAppName, parseManifests, type UserManifests } from "./deploy/kubernetes/manifests";
import { InputError } from "./errors";
import { readGitHubRun } from "./github/run";
import type { BuildOptions } from "./image/build";
import { type ImageReference, parseDigest, parseReference } from "./image/reference";
import { type CommandWord, compileRegexp, Parser, splitCommand } from "./input-parser";
import { INPUTS, type InputName, type InputSource, type InputSpec } from "./inputs";
import { type InsightConfig, parseInsight } from "./insight/config";
import { KeySigner, loadPublicKey } from "./provenance/signers/key";
import type { SigstoreEndpoints } from "./provenance/signers/keyless";
import type { TrustedRootFile, TrustSettings } from "./provenance/trust/choice";
import { parseTrustedRootFile, tufCacheDir } from "./provenance/trust/settings";

export const COMMANDS = [
  "release",
  "build",
  "attest",
  "verify",
  "deploy",
  "promote",
  "reject",
  "rollback",
  "status",
  "unlock",
  "history",
  "metrics",
] as const;
export type Command = (typeof COMMANDS)[number];

/**
 * The largest value of each numeric input: past them a value is a typo or an attack (a timeout past
 * setTimeout's 2^31-1 ms fires at once), never a need. Seconds: 1 h to watch or wait for the lock,
 * 10 min per check attempt, 6 h (a GitHub job's limit) for the smoke command.
 */
export const MAX = {
  tests: 1_000_000,
  checkRetries: 1000,
  checkTimeoutSeconds: 600,
  smokeTimeoutSeconds: 21_600,
  watchSeconds: 3600,
  lockTimeoutSeconds: 3600,
  lockHeartbeatSeconds: 600,
  keepSeconds: 7 * 86_400,
} as const;

/** What the smoke command is told about the staged color: in its environment, and expanded in its argv. */
export const SMOKE_VARIABLES = ["PREVIEW_URL", "DIGEST", "COLOR"] as const;

export type SigningMode = "keyless" | "key" | "none";

/** Everything a command needs, read once at the edge (action inputs or CLI flags) and validated. */
export interface Config {
  command: Command;
  workdir: string;
  /** The repository (no tag, no digest); required by every command but status/promote/rollback with a ledger. */
  image: ImageReference | undefined;
  credentials: { username: string; password: string } | undefined;
  build: BuildConfig;
  signing: SigningConfig;
  /** The digest to attest, verify or deploy: from `image` pinned as repo@sha256:…, or `subject-digest`. */
  digest: string | undefined;
  attest: { pushToRegistry: boolean; githubAttestations: boolean };
  policy: PolicyConfig;
  deploy: DeployConfig;
  /** `history` and `metrics`: time range, outcomes, window, format, HTML report. */
  insight: InsightConfig;
  githubToken: string | undefined;
  /** The inputs given other than their defaults, secrets left out: what a printed next command repeats. */
  given: Partial<Record<InputName, string>>;
}

/** The build-push-action style inputs: the build engine's options less what the run supplies. */
export type BuildConfig = Omit<BuildOptions, "image" | "dockerConfigDir" | "git" | "env" | "latest">;

export interface SigningConfig {
  mode: SigningMode;
  privateKeyPem: string | undefined;
  sigstoreInstance: "auto" | "public-good" | "github";
  /** `fulcio-url`, `rekor-url`, `tsa-url`: a private Sigstore deployment, signed with instead of an instance. */
  privateSigstore: SigstoreEndpoints | undefined;
}

export interface PolicyConfig {
  enabled: boolean;
  publicKeyPem: string | undefined;
  certificateIdentity: string | undefined;
  certificateIdentityRegexp: string | undefined;
  certificateOidcIssuer: string | undefined;
  sourceRepository: string | undefined;
  sourceRef: string | undefined;
  requireTestResults: boolean;
  /** Keyless: where the Sigstore trust material comes from (`trusted-root`, `sigstore-instance`). */
  trust: TrustSettings;
}

export interface HttpCheckSpec {
  path: string;
  status: number;
  body: string | undefined;
}

export interface DeployConfig {
  app: string;
  environment: string;
  dockerHost: string | undefined;
  routerImage: string;
  containerPort: number;
  containerEnv: string[];
  livePort: number;
  previewPort: number;
  /** Where the preview port is published; undefined: loopback for a local engine (see commands/engine.ts). */
  previewAddress: string | undefined;
  publicUrl: string | undefined;
  testResults: string[];
  minTests: number;
  maxFailures: number;
  checks: HttpCheckSpec[];
  checkRetries: number;
  checkTimeoutSeconds: number;
  /** argv; `$PREVIEW_URL`, `$DIGEST` and `$COLOR` in it are expanded when it runs. */
  smokeCommand: CommandWord[] | undefined;
  /** What the smoke command gets beyond the minimal environment: a name passed through, or a set value. */
  smokeEnv: { name: string; value?: string }[];
  smokeResults: string | undefined;
  smokeTimeoutSeconds: number;
  promotion: "auto" | "manual";
  watchSeconds: number;
  lockTimeoutSeconds: number;
  /** How long a lock holder's heartbeat keeps the lock (renewed every third of it). */
  lockHeartbeatSeconds: number;
  /** unlock: break the lock even while its holder's heartbeat is fresh. */
  force: boolean;
  dryRun: boolean;
  to: string | undefined;
  reason: string | undefined;
  ledgerRepository: ImageReference | undefined;
  /** Where the colors run (`target`); `kubernetes` holds what only that target needs. */
  target: "docker" | "kubernetes";
  kubernetes: KubernetesConfig | undefined;
}

export const PREVIEW_ACCESS = ["node-port", "port-forward"] as const;
export type PreviewAccess = (typeof PREVIEW_ACCESS)[number];

/** `target: kubernetes`: the cluster, the namespace and the user's own manifests. */
export interface KubernetesConfig {
  /** A kubeconfig's YAML, or the path of a kubeconfig file; undefined: KUBECONFIG or ~/.kube/config. */
  kubeconfig: { yaml: string } | { path: string } | undefined;
  namespace: string;
  /** Read when given; `deploy` and `release` need them (they start colors), other commands only to create the Services. */
  manifests: UserManifests | undefined;
  previewUrl: string | undefined;
  /** `preview-access`: how the gates reach the Services (`preview-url`, when given, wins). */
  previewAccess: PreviewAccess;
  /** `keep-seconds`: how long the previous color keeps its replicas after a switch. */
  keepSeconds: number;
}

/** Builds the Config from raw input strings; `env` is the process environment (GitHub context, files). */
export function parseConfig(
  get: InputSource,
  env: NodeJS.ProcessEnv,
  readFile: (path: string) => string,
): Config {
  const p = new Parser(get);
  const workdir = env.GITHUB_WORKSPACE || process.cwd();
  const command = p.oneOf("command", COMMANDS);
  const pinnedImage =
    p.optional("image", (v) => repositoryOnly(v, "image", true)) ??
    p.optional("subject-name", (v) => repositoryOnly(v, "subject-name"));
  const subjectDigest = p.optional("subject-digest", (v) => parseDigest(v, "input 'subject-digest'"));
  if (pinnedImage?.digest && subjectDigest && pinnedImage.digest !== subjectDigest) {
    throw new InputError(
      "subject-digest",
      `differs from the digest in 'image' (${pinnedImage.digest})`,
      "one digest",
    );
  }
  const { digest: imageDigest, ...image } = pinnedImage ?? { registry: "", repository: "" };
  const username = p.string("username");
  const password = p.string("password");
  if (password && !username) {
    throw new InputError("username", "is empty while 'password' is set", "a user name");
  }
  if (username && !password) {
    throw new InputError(
      "password",
      `is empty while 'username' is set (${username})`,
      "the registry password or token",
    );
  }
  const keyPem = checkedKey(p, "signing-key", workdir, readFile);
  const publicKeyPem = checkedKey(p, "public-key", workdir, readFile);
  const hasOidc = Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  const signingInput = p.oneOf("signing", ["auto", "keyless", "key", "none"] as const);
  const signing: SigningMode =
    signingInput === "auto" ? (keyPem ? "key" : hasOidc ? "keyless" : "none") : signingInput;
  if (signing === "key" && !keyPem) {
    throw new InputError(
      "signing",
      "is 'key' but no key was given",
      "set 'signing-key' or 'signing-key-file'",
    );
  }
  const context = insideWorkspace("context", p.string("context") || ".", workdir);
  const file = p.optional("file", (v) => insideWorkspace("file", v, workdir));
  const sigstoreInstance = p.oneOf("sigstore-instance", ["auto", "public-good", "github"] as const);
  const trustedRoot = trustedRootInput(p, workdir, readFile);
  const config: Config = {
    command,
    workdir,
    image: pinnedImage ? image : undefined,
    digest: imageDigest ?? subjectDigest,
    credentials: username ? { username, password } : undefined,
    build: {
      context,
      file,
      tags: p.list("tags"),
      labels: p.lines("labels"),
      buildArgs: p.lines("build-args"),
      platforms: p.list("platforms"),
      push: p.bool("push"),
      builder: p.oneOf("builder", ["auto", "buildx", "classic"] as const),
      buildxBuilder: p.string("buildx-builder") || undefined,
      cacheFrom: p.lines("cache-from"),
      cacheTo: p.lines("cache-to"),
    },
    signing: {
      mode: signing,
      privateKeyPem: keyPem || undefined,
      sigstoreInstance,
      privateSigstore: privateSigstore(p, trustedRoot.trustedRoot !== undefined),
    },
    attest: {
      pushToRegistry: p.bool("push-to-registry"),
      githubAttestations: p.bool("github-attestations"),
    },
    policy: {
      enabled: p.bool("verify"),
      publicKeyPem: publicKeyPem || undefined,
      certificateIdentity: p.string("certificate-identity") || undefined,
      certificateIdentityRegexp: p.optional("certificate-identity-regexp", (v) =>
        p.regexp("certificate-identity-regexp", v),
      ),
      certificateOidcIssuer: p.string("certificate-oidc-issuer") || undefined,
      sourceRepository: p.string("source-repository") || defaultSourceRepository(env),
      sourceRef: p.optional("source-ref", (v) => p.regexp("source-ref", v)),
      requireTestResults: p.bool("require-test-results"),
      trust: {
        instance: sigstoreInstance,
        tufCacheDir: tufCacheDir(env, env.HOME || homedir()),
        ...trustedRoot,
      },
    },
    deploy: parseDeploy(p, command, pinnedImage, workdir, readFile),
    insight: parseInsight(p, command, (path) => resolve(workdir, path)),
    githubToken: p.string("github-token") || undefined,
    given: givenInputs(get),
  };
  return config;
}

function parseDeploy(
  p: Parser,
  command: Command,
  image: ImageReference | undefined,
  workdir: string,
  readFile: (path: string) => string,
): DeployConfig {
  const target = p.oneOf("target", ["docker", "kubernetes"] as const);
  const kubernetes = target === "kubernetes" ? parseKubernetes(p, command, workdir, readFile) : undefined;
  if (!kubernetes && p.oneOf("preview-access", PREVIEW_ACCESS) === "port-forward") {
    throw new InputError(
      "preview-access",
      "'port-forward' is for target kubernetes (through the API server); the Docker target serves the preview on preview-port",
      "node-port (the default) with target docker, or target kubernetes",
    );
  }
  const app = p.string("app") || image?.repository.split("/").pop() || "";
  if (app && kubernetes) checkAppName(app);
  // names of containers, router, lock and network are made from these: see deploy/docker/names.ts
  if (app) checkEnvironmentPart("app", app);
  const environment = p.string("environment") || "production";
  checkEnvironmentPart("environment", environment);
  const livePort = p.port("live-port");
  const previewPort = p.port("preview-port");
  if (livePort === previewPort) {
    throw new InputError("preview-port", `is the same as 'live-port' (${livePort})`, "two different ports");
  }
  const smoke = p.string("smoke-command");
  return {
    app,
    environment,
    dockerHost: p.optional("docker-host", parseDockerHost),
    routerImage: p.string("router-image") || "haproxy:3.2",
    containerPort: p.port("container-port"),
    containerEnv: p.lines("container-env"),
    livePort,
    previewPort,
    previewAddress: p.string("preview-address") || undefined,
    publicUrl: p.optional("public-url", parsePublicUrl),
    testResults: p.lines("test-results").map((g) => (isAbsolute(g) ? g : resolve(workdir, g))),
    minTests: p.int("min-tests", 0, MAX.tests),
    maxFailures: p.int("max-failures", 0, MAX.tests),
    checks: p.lines("checks").map((line) => parseCheck(line)),
    checkRetries: p.int("check-retries", 1, MAX.checkRetries),
    checkTimeoutSeconds: p.int("check-timeout", 1, MAX.checkTimeoutSeconds),
    smokeCommand: smoke ? splitCommand(smoke, "smoke-command", SMOKE_VARIABLES) : undefined,
    smokeEnv: p.lines("smoke-env").map(parseSmokeEnv),
    smokeResults: p.string("smoke-results") ? resolve(workdir, p.string("smoke-results")) : undefined,
    smokeTimeoutSeconds: p.int("smoke-timeout", 1, MAX.smokeTimeoutSeconds),
    promotion: p.oneOf("promotion", ["auto", "manual"] as const),
    watchSeconds: p.int("watch-seconds", 0, MAX.watchSeconds),
    lockTimeoutSeconds: p.int("lock-timeout", 0, MAX.lockTimeoutSeconds),
    lockHeartbeatSeconds: p.int("lock-heartbeat", 3, MAX.lockHeartbeatSeconds),
    force: p.bool("force"),
    dryRun: p.bool("dry-run"),
    to: p.optional("to", (v) => (v.startsWith("sha256:") ? parseDigest(v, "input 'to'") : v)),
    reason: p.string("reason") || undefined,
    ledgerRepository: p.optional("ledger-repository", (v) => repositoryOnly(v, "ledger-repository")),
    target,
    kubernetes,
  };
}

/** The inputs of `target: kubernetes`, checked here so a bad one fails before anything runs. */
/** A Kubernetes namespace name (a DNS label). */
export const isNamespaceName = (name: string): boolean => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name);

function parseKubernetes(
  p: Parser,
  command: Command,
  workdir: string,
  readFile: (path: string) => string,
): KubernetesConfig {
  const namespace = p.string("namespace") || "default";
  if (!isNamespaceName(namespace)) {
    throw new InputError(
      "namespace",
      `'${namespace}' is not a namespace name`,
      "a DNS label: lower-case letters, digits and '-', at most 63",
    );
  }
  const paths = p.lines("k8s-manifests").map((path) => (isAbsolute(path) ? path : resolve(workdir, path)));
  if (paths.length === 0 && STARTS_COLORS.has(command)) {
    throw new InputError(
      "k8s-manifests",
      `is empty, and target is kubernetes: ${command} starts a color from them`,
      "paths of YAML files holding the app's Deployment and Service",
    );
  }
  const files = paths.map((path) => {
    try {
      return { path, text: readFile(path) };
    } catch (error) {
      throw new InputError(
        "k8s-manifests",
        `cannot read ${path} (${(error as Error).message})`,
        "paths of readable YAML files",
      );
    }
  });
  const kubeconfig = kubeconfigInput(p.string("kubeconfig"), workdir);
  const previewUrl = p.string("preview-url") || undefined;
  if (previewUrl && !/^https?:\/\/[^/]/.test(previewUrl)) {
    throw new InputError("preview-url", `'${previewUrl}' is not an http(s) URL`, "http(s)://host[:port]");
  }
  const previewAccess = p.oneOf("preview-access", PREVIEW_ACCESS);
  const keepSeconds = p.int("keep-seconds", 0, MAX.keepSeconds);
  return {
    kubeconfig,
    namespace,
    manifests: files.length ? parseManifests(files) : undefined,
    previewUrl,
    previewAccess,
    keepSeconds,
  };
}

/** The commands that start a color from the user's manifests (a `rollback --to` a digest no color runs needs them too, when it comes to it). */
const STARTS_COLORS: ReadonlySet<Command> = new Set(["deploy", "release"]);

/** `kubeconfig`: a kubeconfig's YAML (a secret), or the path of a kubeconfig file in the workspace; undefined: the user's default. Pure. */
export function kubeconfigInput(raw: string, workdir: string): KubernetesConfig["kubeconfig"] {
  if (!raw.trim()) return undefined;
  return /\n|apiVersion:/.test(raw) ? { yaml: raw } : { path: isAbsolute(raw) ? raw : resolve(workdir, raw) };
}

const SECRET_INPUTS: ReadonlySet<InputName> = new Set([
  "password",
  "signing-key",
  "github-token",
  "kubeconfig",
]);

function givenInputs(get: InputSource): Partial<Record<InputName, string>> {
  const given: Partial<Record<InputName, string>> = {};
  for (const [name, spec] of Object.entries(INPUTS) as [InputName, InputSpec][]) {
    if (name === "command" || SECRET_INPUTS.has(name)) continue;
    const value = get(name).trim();
    if (value && value !== spec.default) given[name] = value;
  }
  return given;
}

/** The secret values a configuration holds, for the front-ends to mask before anything is logged. */
export function secretsOf(config: Config): string[] {
  const kubeconfig = config.deploy.kubernetes?.kubeconfig;
  return [
    config.credentials?.password,
    config.signing.privateKeyPem,
    config.githubToken,
    kubeconfig && "yaml" in kubeconfig ? kubeconfig.yaml : undefined,
  ].filter((s): s is string => Boolean(s));
}

/**
 * In Actions, provenance must come from the repository the workflow runs for unless the policy says
 * otherwise: a digest built by a fork or another repository's workflow is refused.
 */
function defaultSourceRepository(env: NodeJS.ProcessEnv): string | undefined {
  return readGitHubRun(env)?.repositoryUrl;
}

/**
 * One `smoke-env` line: `NAME` (passed through from greenlight's environment) or `NAME=value`.
 * greenlight's own secrets cannot be passed through by name.
 */
export function parseSmokeEnv(line: string): { name: string; value?: string } {
  const eq = line.indexOf("=");
  const name = eq < 0 ? line : line.slice(0, eq);
  const valid = "NAME (passed from greenlight's environment) or NAME=value, one per line";
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new InputError("smoke-env", `'${name}' is not a variable name`, valid);
  if ((SMOKE_VARIABLES as readonly string[]).includes(name))
    throw new InputError("smoke-env", `'${name}' is set by greenlight`, valid);
  if (eq < 0 && /^(INPUT_|ACTIONS_)|^(GREENLIGHT_PASSWORD|GITHUB_TOKEN|GH_TOKEN)$/i.test(name))
    throw new InputError(
      "smoke-env",
      `'${name}' holds a secret of greenlight's or the runner's and is never passed through`,
      "NAME=value with a secret meant for the smoke command",
    );
  return eq < 0 ? { name } : { name, value: line.slice(eq + 1) };
}

/** `<path> [status] [body regexp]`, e.g. `/healthz 200 ^ok$`. */
export function parseCheck(line: string): HttpCheckSpec {
  const [path = "", status, ...body] = line.trim().split(/\s+/);
  const valid = "'<path> [status] [body regexp]', e.g. '/healthz 200 ^ok$'";
  if (!path.startsWith("/")) throw new InputError("checks", `'${line}' does not start with a path`, valid);
  const code = status === undefined ? 200 : Number(status);
  if (!Number.isInteger(code) || code < 100 || code > 599) {
    throw new InputError("checks", `'${line}' has status '${status}'`, valid);
  }
  const pattern = body.length ? body.join(" ") : undefined;
  if (pattern) compileRegexp("checks", pattern);
  return { path, status: code, body: pattern };
}

/** A repository (optionally pinned by digest); a tag is refused, since nothing here trusts a tag. */
function repositoryOnly(value: string, input: InputName, allowDigest = false): ImageReference {
  const ref = parseReference(value, `input '${input}'`);
  if (ref.tag || (ref.digest && !allowDigest)) {
    const valid = allowDigest ? "a repository, or one pinned by digest (repo@sha256:…)" : "a repository only";
    throw new InputError(
      input,
      `'${value}' has a ${ref.tag ? "tag" : "digest"}`,
      `${valid}, e.g. ghcr.io/org/app`,
    );
  }
  return ref;
}

/**
 * `trusted-root`: a trusted_root.json, read and checked here: a path (relative to the workspace), or
 * the JSON itself (a value starting with `{`, e.g. a repository variable), which a reusable workflow
 * passes through as it is.
 */
function trustedRootInput(
  p: Parser,
  workdir: string,
  readFile: (path: string) => string,
): { trustedRoot?: TrustedRootFile } {
  const value = p.string("trusted-root").trim();
  if (value.startsWith("{")) return { trustedRoot: parseTrustedRootFile(value, "the input's JSON") };
  const text = fileInput(p, "trusted-root", workdir, readFile);
  return text ? { trustedRoot: parseTrustedRootFile(text, p.string("trusted-root")) } : {};
}

const SIGSTORE_URL_INPUTS = ["fulcio-url", "rekor-url", "tsa-url"] as const;

/**
 * `fulcio-url`, `rekor-url`, `tsa-url`: a private Sigstore deployment (GHES, self-hosted). Exactly the
 * services given are used, never an instance's: Fulcio, and Rekor, a timestamp authority or both
 * (a bundle needs a log entry or a timestamp to verify). Its certificates only verify against its own
 * trusted root, so `trusted-root` is required with them.
 */
function privateSigstore(p: Parser, hasTrustedRoot: boolean): SigstoreEndpoints | undefined {
  const [fulcioUrl, rekorUrl, tsaUrl] = SIGSTORE_URL_INPUTS.map((name) =>
    p.optional(name, (v) => parseSigstoreUrl(name, v)),
  );
  const given = SIGSTORE_URL_INPUTS.filter((name) => p.string(name).trim() !== "");
  if (given.length === 0) return undefined;
  if (!fulcioUrl)
    throw new InputError(
      "fulcio-url",
      `is empty while '${given.join("', '")}' is set`,
      "the base URL of the private deployment's Fulcio, e.g. https://fulcio.sigstore.example.com",
    );
  if (!rekorUrl && !tsaUrl)
    throw new InputError(
      "rekor-url",
      "and 'tsa-url' are both empty while 'fulcio-url' is set (a bundle needs a log entry or a timestamp to verify)",
      "the deployment's Rekor URL, its timestamp authority's URL (tsa-url), or both",
    );
  if (!hasTrustedRoot)
    throw new InputError(
      "trusted-root",
      `is empty while '${given.join("', '")}' is set: public-good and GitHub's trust roots cannot verify what a private Sigstore signs`,
      "that deployment's trusted_root.json (its Fulcio CA, Rekor and TSA keys): a path, or the JSON itself",
    );
  return { fulcioUrl, ...(rekorUrl ? { rekorUrl } : {}), ...(tsaUrl ? { tsaUrl } : {}) };
}

/**
 * A Sigstore service URL: https, or plain http only to a loopback address (a local test deployment or
 * a sidecar on the runner). The workflow's OIDC token goes to Fulcio, so it never crosses a network
 * in the clear; no credentials, query or fragment.
 */
export function parseSigstoreUrl(input: (typeof SIGSTORE_URL_INPUTS)[number], value: string): string {
  const valid =
    "an https:// URL (http:// only to 127.0.0.1, [::1] or localhost), e.g. https://fulcio.sigstore.example.com";
  let url: URL | undefined;
  try {
    url = new URL(value.trim());
  } catch {
    url = undefined;
  }
  if (!url?.hostname) throw new InputError(input, `'${value}' is not a URL`, valid);
  const loopback = /^(127\.\d+\.\d+\.\d+|\[::1\]|localhost)$/i.test(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback))
    throw new InputError(
      input,
      `'${value}' is ${url.protocol === "http:" ? "plain http to a host that is not loopback" : `not https (${url.protocol})`}`,
      valid,
    );
  if (url.username || url.password || url.search || url.hash)
    throw new InputError(input, `'${value}' has credentials, a query or a fragment`, valid);
  return url.href.replace(/\/$/, "");
}

function fileInput(p: Parser, input: InputName, workdir: string, readFile: (path: string) => string): string {
  const path = p.string(input);
  if (!path) return "";
  try {
    return readFile(resolve(workdir, path));
  } catch (error) {
    throw new InputError(input, `cannot read '${path}': ${(error as Error).message}`, "a readable file path");
  }
}

const DOCKER_HOST_FORMS =
  "unix:///path, tcp://host:port or ssh://[user@]host[:port], e.g. ssh://deploy@host.example";

/**
 * `docker-host` becomes DOCKER_HOST, and docker hands an ssh:// host to `ssh`: a user or host that
 * starts with '-' would be read as an ssh option (`ssh://-oProxyCommand=…` runs a command), so only
 * plain forms are accepted: no options, query, path, spaces or control characters.
 */
export function parseDockerHost(value: string): string {
  const refuse = (why: string): never => {
    throw new InputError("docker-host", `'${value}' ${why}`, DOCKER_HOST_FORMS);
  };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\s\x00-\x1f\x7f]/.test(value)) refuse("has spaces or control characters");
  const unix = /^unix:\/\/(\/[^?#]*)$/.exec(value);
  if (unix) return value;
  const remote = remoteDockerHost(value);
  if (!remote) return refuse("is not a Docker Engine address");
  const { scheme, user, host, port } = remote;
  if (user?.startsWith("-") || host.startsWith("-"))
    refuse("has a user or host that would be read as an ssh option (it cannot start with '-')");
  if (user !== undefined && !/^[A-Za-z0-9._][A-Za-z0-9._-]*$/.test(user))
    refuse(`has the user name '${user}'`);
  if (!/^([A-Za-z0-9][A-Za-z0-9.-]*|\[[0-9A-Fa-f:.]+\])$/.test(host)) refuse(`has the host '${host}'`);
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
    refuse(`has the port ${port} (1-65535)`);
  if (scheme === "tcp" && user !== undefined) refuse("has a user on tcp://");
  return value;
}

/** `public-url`: an http(s) URL users reach live at. */
export function parsePublicUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !["http:", "https:"].includes(url.protocol) || !url.hostname)
    throw new InputError("public-url", `'${value}' is not an http(s) URL`, "e.g. https://shop.example.com");
  return value;
}

/**
 * A build path (`context`, `file`) resolved in the workspace: provenance attests the checkout, so a
 * build from outside it (`../..`, `/etc`) is refused.
 */
export function insideWorkspace(input: "context" | "file", value: string, workdir: string): string {
  const path = resolve(workdir, value);
  const rel = relative(resolve(workdir), path);
  if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel))
    throw new InputError(
      input,
      `'${value}' is outside the workspace (${workdir})`,
      "a path inside the checkout, e.g. . or docker/app",
    );
  return path;
}

/**
 * A key input (`signing-key` or `public-key`, else its `-file` twin), read and checked here so a
 * malformed key is refused before anything runs, naming the input. A private key given as the
 * public key is refused: it is not masked as a secret input is.
 */
function checkedKey(
  p: Parser,
  input: "signing-key" | "public-key",
  workdir: string,
  readFile: (path: string) => string,
): string {
  const fileName = `${input}-file` as const;
  const named = p.string(input) ? input : fileName;
  const pem = p.string(input) || fileInput(p, fileName, workdir, readFile);
  if (!pem) return "";
  if (input === "signing-key") new KeySigner(pem, `input '${named}'`);
  else if (/PRIVATE KEY-----/.test(pem))
    throw new InputError(
      named,
      "is a private key",
      "the public key (the .pub file of greenlight keygen), never the private one",
    );
  else loadPublicKey(pem, `input '${named}'`);
  return pem;
}
