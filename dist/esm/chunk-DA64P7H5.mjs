import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  Parser,
  compileRegexp,
  splitCommand
} from "./chunk-AXO4PEG5.mjs";
import {
  remoteDockerHost
} from "./chunk-SXMMHSRB.mjs";
import {
  KeySigner,
  loadPublicKey
} from "./chunk-BB2OMXZJ.mjs";
import {
  parseInsight
} from "./chunk-S2QR2NPX.mjs";
import {
  checkEnvironmentPart
} from "./chunk-27S7CDBD.mjs";
import {
  checkAppName,
  parseManifests
} from "./chunk-W6HQBBLQ.mjs";
import {
  parseDigest,
  parseReference
} from "./chunk-UEFSGM5H.mjs";
import {
  parseTrustedRootFile,
  tufCacheDir
} from "./chunk-RKUPUCJL.mjs";
import {
  InputError
} from "./chunk-XAPMUR2Q.mjs";

// src/github/run.ts
import { readFileSync } from "node:fs";
function readGitHubRun(env, readFile = (path) => readFileSync(path, "utf8")) {
  if (env.GITHUB_ACTIONS !== "true") return void 0;
  const serverUrl = githubServerUrl(env);
  const repository = env.GITHUB_REPOSITORY ?? "";
  const runAttempt = env.GITHUB_RUN_ATTEMPT || "1";
  return {
    serverUrl,
    apiUrl: env.GITHUB_API_URL || "https://api.github.com",
    repository,
    repositoryUrl: repository ? `${serverUrl}/${repository}` : void 0,
    repositoryId: env.GITHUB_REPOSITORY_ID ?? "",
    repositoryOwnerId: env.GITHUB_REPOSITORY_OWNER_ID ?? "",
    ref: env.GITHUB_REF ?? "",
    headRef: env.GITHUB_HEAD_REF || void 0,
    sha: env.GITHUB_SHA ?? "",
    workflowRef: env.GITHUB_WORKFLOW_REF ?? "",
    eventName: env.GITHUB_EVENT_NAME ?? "",
    runId: env.GITHUB_RUN_ID ?? "",
    runAttempt,
    runUrl: workflowRunUrl(env),
    actor: env.GITHUB_ACTOR ?? "",
    visibility: eventVisibility(env.GITHUB_EVENT_PATH, readFile),
    runnerEnvironment: env.RUNNER_ENVIRONMENT || "github-hosted"
  };
}
function eventVisibility(path, readFile) {
  if (!path) return void 0;
  try {
    const visibility = JSON.parse(readFile(path))?.repository?.visibility;
    return typeof visibility === "string" ? visibility : void 0;
  } catch {
    return void 0;
  }
}
function githubServerUrl(env) {
  return (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, "");
}
function workflowRunUrl(env) {
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return void 0;
  const attempt = env.GITHUB_RUN_ATTEMPT || "1";
  return `${githubServerUrl(env)}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${attempt}`;
}
function runIdentity(env) {
  return { actor: env.GITHUB_ACTOR || env.USER || env.LOGNAME || "unknown", runUrl: workflowRunUrl(env) };
}

// src/inputs.ts
var INPUTS = {
  command: {
    description: "What to run: release, build, attest, verify, deploy, promote, reject, rollback, status, unlock, history or metrics",
    default: "release"
  },
  "config-file": {
    description: "Settings file: defaults and per-environment settings under environments (default: greenlight.yml in the workspace, when there is one); inputs given here override it"
  },
  image: {
    description: "Repository to push to and deploy from (e.g. ghcr.io/org/app); deploy and verify also take repo@sha256:\u2026"
  },
  username: { description: "Registry username (default: the docker config's credentials)" },
  password: { description: "Registry password or token" },
  context: { description: "Build context", default: "." },
  file: { description: "Path to the Dockerfile (default: <context>/Dockerfile)" },
  tags: {
    description: "Extra tags (newline or comma separated); sha-<short>, branch and semver tags are added"
  },
  labels: { description: "Extra labels (newline separated key=value)" },
  "build-args": { description: "Build arguments (newline separated KEY=value)" },
  platforms: { description: "Target platforms, e.g. linux/amd64,linux/arm64 (needs buildx)" },
  push: { description: "Push the image (a digest exists only for a pushed image)", default: "true" },
  builder: { description: "auto (buildx when available), buildx or classic", default: "auto" },
  "buildx-builder": { description: "Name of the buildx builder instance to use" },
  "cache-from": { description: "buildx cache sources (newline separated)" },
  "cache-to": { description: "buildx cache exports (newline separated)" },
  signing: {
    description: "Provenance signing: auto (keyless in Actions with id-token, key when a key is set), keyless, key or none",
    default: "auto"
  },
  "signing-key": { description: "ECDSA P-256 private key (PKCS#8 PEM) for key signing" },
  "signing-key-file": { description: "Path to the private key for key signing" },
  "sigstore-instance": {
    description: "Keyless Sigstore instance: auto (signing: GitHub's for private repositories; verifying: the certificate's issuer), public-good or github",
    default: "auto"
  },
  "trusted-root": {
    description: "Keyless verify: a Sigstore trusted_root.json (its path, or its JSON) to verify against instead of fetching it through TUF (air-gapped, GHES, private Sigstore)"
  },
  "fulcio-url": {
    description: "Keyless signing on a private Sigstore deployment: its Fulcio's base URL (https; http only on loopback); needs trusted-root"
  },
  "rekor-url": {
    description: "Private Sigstore: its Rekor's base URL (with fulcio-url; rekor-url, tsa-url or both)"
  },
  "tsa-url": { description: "Private Sigstore: its timestamp authority's URL (with fulcio-url)" },
  "subject-name": { description: "attest/verify: image name without tag (default: image)" },
  "subject-digest": {
    description: "attest/verify/deploy: the sha256:<hex> digest to act on (or pin it in image)"
  },
  "push-to-registry": { description: "Attach attestations to the image in the registry", default: "true" },
  "github-attestations": {
    description: "Also store attestations through GitHub's attestations API (needs attestations: write)",
    default: "false"
  },
  verify: { description: "Verify provenance before deploy and rollback", default: "true" },
  "public-key": { description: "Trusted public key (PEM) for verifying key-signed provenance" },
  "public-key-file": { description: "Path to the trusted public key" },
  "certificate-identity": { description: "Keyless: exact signer identity (workflow ref URI)" },
  "certificate-identity-regexp": { description: "Keyless: signer identity regular expression" },
  "certificate-oidc-issuer": {
    description: "Keyless: OIDC issuer of the signer",
    default: "https://token.actions.githubusercontent.com"
  },
  "source-repository": {
    description: "Policy: required source repository (owner/name or URL); in Actions, the workflow's repository"
  },
  "source-ref": {
    description: "Policy: regular expression the source ref must match, e.g. ^refs/heads/main$"
  },
  "require-test-results": {
    description: "Policy: require a passing signed test-result attestation on the digest",
    default: "false"
  },
  app: { description: "Application name (default: last part of image)" },
  environment: { description: "Environment to deploy to", default: "production" },
  "docker-host": { description: "Docker Engine to deploy to (DOCKER_HOST form, e.g. ssh://deploy@host)" },
  target: {
    description: "Where deploy runs the colors: docker (containers behind an HAProxy router) or kubernetes (a Deployment per color, Services switched by selector)",
    default: "docker"
  },
  kubeconfig: {
    description: "kubernetes: a kubeconfig's YAML (e.g. a secret) or the path of a kubeconfig file (default: KUBECONFIG or ~/.kube/config)"
  },
  namespace: {
    description: "kubernetes: namespace of the app's Deployments, Services and Lease",
    default: "default"
  },
  "k8s-manifests": {
    description: "kubernetes: YAML files (newline separated) holding the app's one Deployment and one Service; their ports, env, probes and resources are kept"
  },
  "preview-url": {
    description: "kubernetes: URL the gates reach the preview at, e.g. through an Ingress (default: the preview Service's NodePort on a node's address)"
  },
  "preview-access": {
    description: "kubernetes: how the gates reach the preview and live Services: node-port (their NodePorts on a node's address) or port-forward (through the API server to a ready pod they select, for a runner that cannot reach the nodes); preview-url and public-url win",
    default: "node-port"
  },
  "keep-seconds": {
    description: "kubernetes: seconds the previous color keeps its replicas after a switch (instant rollback; its keep-alive connections drain), then it is scaled to 0 (like Argo Rollouts' scaleDownDelaySeconds)",
    default: "30"
  },
  "router-image": { description: "HAProxy image for the router", default: "haproxy:3.2" },
  "container-port": { description: "Port the application listens on in its container", default: "8080" },
  "container-env": { description: "Environment for the application (newline separated KEY=value)" },
  "live-port": { description: "Host port serving the live color", default: "8080" },
  "preview-port": { description: "Host port serving the staged color", default: "8081" },
  "preview-address": {
    description: "Address preview-port is published on (default: 127.0.0.1 with a local Docker engine, where only the checks and the smoke command use it; 0.0.0.0 with a remote one, which they reach over the network)"
  },
  "public-url": { description: "URL users reach the live port at (default: http://127.0.0.1:<live-port>)" },
  "test-results": { description: "JUnit XML files or globs from earlier jobs that gate the deploy" },
  "min-tests": { description: "Fewest tests that must have run (skipped ones do not count)", default: "1" },
  "max-failures": { description: "Most failed or errored tests allowed", default: "0" },
  checks: {
    description: "HTTP checks against the preview, one per line: <path> [status] [body regexp]",
    default: "/healthz 200"
  },
  "check-retries": { description: "Attempts per HTTP check", default: "10" },
  "check-timeout": { description: "Seconds per HTTP check attempt", default: "5" },
  "smoke-command": {
    description: "Command run against the preview, without a shell (bash -c '\u2026' for one); $PREVIEW_URL, $DIGEST, $COLOR are expanded in it and set in its env"
  },
  "smoke-env": {
    description: "Environment of the smoke command beyond PATH, HOME, proxies and PREVIEW_URL/DIGEST/COLOR: one per line, NAME (passed from greenlight's environment) or NAME=value"
  },
  "smoke-results": { description: "JUnit XML the smoke command writes, shown in the summary" },
  "smoke-timeout": { description: "Seconds the smoke command may run", default: "300" },
  promotion: { description: "auto (promote when gates pass) or manual (run promote later)", default: "auto" },
  "watch-seconds": { description: "Seconds to watch the live endpoint after promotion", default: "30" },
  "lock-timeout": { description: "Seconds to wait for another deploy of the environment", default: "300" },
  "lock-heartbeat": {
    description: "Seconds a deploy's lock stays valid after its holder's last heartbeat (renewed every third of it)",
    default: "30"
  },
  "dry-run": { description: "Print the plan and change nothing", default: "false" },
  to: { description: "rollback: digest (sha256:\u2026) or release id to go back to (default: previous)" },
  reason: { description: "rollback/reject/unlock: why, recorded in the ledger (required by unlock)" },
  force: {
    description: "unlock: break the lock even while its holder's heartbeat is fresh",
    default: "false"
  },
  "ledger-repository": { description: "Repository holding the release ledger (default: image)" },
  since: {
    description: "history: oldest record shown, an ISO 8601 time or a span back from now (7d, 12h, 2w)"
  },
  until: { description: "history: newest record shown, an ISO 8601 time or a span back from now" },
  outcome: {
    description: "history: only these outcomes (comma separated: staged, promoted, failed, refused, rolled-back, unlocked)"
  },
  format: {
    description: "How the result is printed on stdout: text (name=value lines) or json (one object: status, exit code, outputs, report) for every command; history also markdown, metrics also openmetrics",
    default: "text"
  },
  window: { description: "metrics: how far back the figures look (30d, 2w, 12h)", default: "30d" },
  "report-file": {
    description: "history/metrics: also write a self-contained HTML report (inline SVG charts) to this path"
  },
  "summary-history": {
    description: "release/deploy: also show the environment's newest N ledger records (chart and table) in the job summary; 0 leaves them out",
    default: "0"
  },
  "github-token": {
    description: "Token for GitHub Deployments and attestations",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a template
    default: "${{ github.token }}"
  }
};
var LIST_INPUTS = /* @__PURE__ */ new Set([
  "tags",
  "labels",
  "build-args",
  "platforms",
  "cache-from",
  "cache-to",
  "container-env",
  "test-results",
  "checks",
  "smoke-env",
  "k8s-manifests"
]);
function isBooleanInput(name) {
  const fallback = INPUTS[name].default;
  return fallback === "true" || fallback === "false";
}

// src/config.ts
import { homedir } from "node:os";
import { isAbsolute, relative, resolve, sep } from "node:path";
var COMMANDS = [
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
  "metrics"
];
var MAX = {
  tests: 1e6,
  checkRetries: 1e3,
  checkTimeoutSeconds: 600,
  smokeTimeoutSeconds: 21600,
  watchSeconds: 3600,
  lockTimeoutSeconds: 3600,
  lockHeartbeatSeconds: 600,
  keepSeconds: 7 * 86400
};
var SMOKE_VARIABLES = ["PREVIEW_URL", "DIGEST", "COLOR"];
var PREVIEW_ACCESS = ["node-port", "port-forward"];
function parseConfig(get, env, readFile) {
  const p = new Parser(get);
  const workdir = env.GITHUB_WORKSPACE || process.cwd();
  const command = p.oneOf("command", COMMANDS);
  const pinnedImage = p.optional("image", (v) => repositoryOnly(v, "image", true)) ?? p.optional("subject-name", (v) => repositoryOnly(v, "subject-name"));
  const subjectDigest = p.optional("subject-digest", (v) => parseDigest(v, "input 'subject-digest'"));
  if (pinnedImage?.digest && subjectDigest && pinnedImage.digest !== subjectDigest) {
    throw new InputError(
      "subject-digest",
      `differs from the digest in 'image' (${pinnedImage.digest})`,
      "one digest"
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
      "the registry password or token"
    );
  }
  const keyPem = checkedKey(p, "signing-key", workdir, readFile);
  const publicKeyPem = checkedKey(p, "public-key", workdir, readFile);
  const hasOidc = Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  const signingInput = p.oneOf("signing", ["auto", "keyless", "key", "none"]);
  const signing = signingInput === "auto" ? keyPem ? "key" : hasOidc ? "keyless" : "none" : signingInput;
  if (signing === "key" && !keyPem) {
    throw new InputError(
      "signing",
      "is 'key' but no key was given",
      "set 'signing-key' or 'signing-key-file'"
    );
  }
  const context = insideWorkspace("context", p.string("context") || ".", workdir);
  const file = p.optional("file", (v) => insideWorkspace("file", v, workdir));
  const sigstoreInstance = p.oneOf("sigstore-instance", ["auto", "public-good", "github"]);
  const trustedRoot = trustedRootInput(p, workdir, readFile);
  const config = {
    command,
    workdir,
    image: pinnedImage ? image : void 0,
    digest: imageDigest ?? subjectDigest,
    credentials: username ? { username, password } : void 0,
    build: {
      context,
      file,
      tags: p.list("tags"),
      labels: p.lines("labels"),
      buildArgs: p.lines("build-args"),
      platforms: p.list("platforms"),
      push: p.bool("push"),
      builder: p.oneOf("builder", ["auto", "buildx", "classic"]),
      buildxBuilder: p.string("buildx-builder") || void 0,
      cacheFrom: p.lines("cache-from"),
      cacheTo: p.lines("cache-to")
    },
    signing: {
      mode: signing,
      privateKeyPem: keyPem || void 0,
      sigstoreInstance,
      privateSigstore: privateSigstore(p, trustedRoot.trustedRoot !== void 0)
    },
    attest: {
      pushToRegistry: p.bool("push-to-registry"),
      githubAttestations: p.bool("github-attestations")
    },
    policy: {
      enabled: p.bool("verify"),
      publicKeyPem: publicKeyPem || void 0,
      certificateIdentity: p.string("certificate-identity") || void 0,
      certificateIdentityRegexp: p.optional(
        "certificate-identity-regexp",
        (v) => p.regexp("certificate-identity-regexp", v)
      ),
      certificateOidcIssuer: p.string("certificate-oidc-issuer") || void 0,
      sourceRepository: p.string("source-repository") || defaultSourceRepository(env),
      sourceRef: p.optional("source-ref", (v) => p.regexp("source-ref", v)),
      requireTestResults: p.bool("require-test-results"),
      trust: {
        instance: sigstoreInstance,
        tufCacheDir: tufCacheDir(env, env.HOME || homedir()),
        ...trustedRoot
      }
    },
    deploy: parseDeploy(p, command, pinnedImage, workdir, readFile),
    insight: parseInsight(p, command, (path) => resolve(workdir, path)),
    githubToken: p.string("github-token") || void 0,
    given: givenInputs(get)
  };
  return config;
}
function parseDeploy(p, command, image, workdir, readFile) {
  const target = p.oneOf("target", ["docker", "kubernetes"]);
  const kubernetes = target === "kubernetes" ? parseKubernetes(p, command, workdir, readFile) : void 0;
  if (!kubernetes && p.oneOf("preview-access", PREVIEW_ACCESS) === "port-forward") {
    throw new InputError(
      "preview-access",
      "'port-forward' is for target kubernetes (through the API server); the Docker target serves the preview on preview-port",
      "node-port (the default) with target docker, or target kubernetes"
    );
  }
  const app = p.string("app") || image?.repository.split("/").pop() || "";
  if (app && kubernetes) checkAppName(app);
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
    previewAddress: p.string("preview-address") || void 0,
    publicUrl: p.optional("public-url", parsePublicUrl),
    testResults: p.lines("test-results").map((g) => isAbsolute(g) ? g : resolve(workdir, g)),
    minTests: p.int("min-tests", 0, MAX.tests),
    maxFailures: p.int("max-failures", 0, MAX.tests),
    checks: p.lines("checks").map((line) => parseCheck(line)),
    checkRetries: p.int("check-retries", 1, MAX.checkRetries),
    checkTimeoutSeconds: p.int("check-timeout", 1, MAX.checkTimeoutSeconds),
    smokeCommand: smoke ? splitCommand(smoke, "smoke-command", SMOKE_VARIABLES) : void 0,
    smokeEnv: p.lines("smoke-env").map(parseSmokeEnv),
    smokeResults: p.string("smoke-results") ? resolve(workdir, p.string("smoke-results")) : void 0,
    smokeTimeoutSeconds: p.int("smoke-timeout", 1, MAX.smokeTimeoutSeconds),
    promotion: p.oneOf("promotion", ["auto", "manual"]),
    watchSeconds: p.int("watch-seconds", 0, MAX.watchSeconds),
    lockTimeoutSeconds: p.int("lock-timeout", 0, MAX.lockTimeoutSeconds),
    lockHeartbeatSeconds: p.int("lock-heartbeat", 3, MAX.lockHeartbeatSeconds),
    force: p.bool("force"),
    dryRun: p.bool("dry-run"),
    to: p.optional("to", (v) => v.startsWith("sha256:") ? parseDigest(v, "input 'to'") : v),
    reason: p.string("reason") || void 0,
    ledgerRepository: p.optional("ledger-repository", (v) => repositoryOnly(v, "ledger-repository")),
    target,
    kubernetes
  };
}
var isNamespaceName = (name) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name);
function parseKubernetes(p, command, workdir, readFile) {
  const namespace = p.string("namespace") || "default";
  if (!isNamespaceName(namespace)) {
    throw new InputError(
      "namespace",
      `'${namespace}' is not a namespace name`,
      "a DNS label: lower-case letters, digits and '-', at most 63"
    );
  }
  const paths = p.lines("k8s-manifests").map((path) => isAbsolute(path) ? path : resolve(workdir, path));
  if (paths.length === 0 && STARTS_COLORS.has(command)) {
    throw new InputError(
      "k8s-manifests",
      `is empty, and target is kubernetes: ${command} starts a color from them`,
      "paths of YAML files holding the app's Deployment and Service"
    );
  }
  const files = paths.map((path) => {
    try {
      return { path, text: readFile(path) };
    } catch (error) {
      throw new InputError(
        "k8s-manifests",
        `cannot read ${path} (${error.message})`,
        "paths of readable YAML files"
      );
    }
  });
  const kubeconfig = kubeconfigInput(p.string("kubeconfig"), workdir);
  const previewUrl = p.string("preview-url") || void 0;
  if (previewUrl && !/^https?:\/\/[^/]/.test(previewUrl)) {
    throw new InputError("preview-url", `'${previewUrl}' is not an http(s) URL`, "http(s)://host[:port]");
  }
  const previewAccess = p.oneOf("preview-access", PREVIEW_ACCESS);
  const keepSeconds = p.int("keep-seconds", 0, MAX.keepSeconds);
  return {
    kubeconfig,
    namespace,
    manifests: files.length ? parseManifests(files) : void 0,
    previewUrl,
    previewAccess,
    keepSeconds
  };
}
var STARTS_COLORS = /* @__PURE__ */ new Set(["deploy", "release"]);
function kubeconfigInput(raw, workdir) {
  if (!raw.trim()) return void 0;
  return /\n|apiVersion:/.test(raw) ? { yaml: raw } : { path: isAbsolute(raw) ? raw : resolve(workdir, raw) };
}
var SECRET_INPUTS = /* @__PURE__ */ new Set([
  "password",
  "signing-key",
  "github-token",
  "kubeconfig"
]);
function givenInputs(get) {
  const given = {};
  for (const [name, spec] of Object.entries(INPUTS)) {
    if (name === "command" || SECRET_INPUTS.has(name)) continue;
    const value = get(name).trim();
    if (value && value !== spec.default) given[name] = value;
  }
  return given;
}
function secretsOf(config) {
  const kubeconfig = config.deploy.kubernetes?.kubeconfig;
  return [
    config.credentials?.password,
    config.signing.privateKeyPem,
    config.githubToken,
    kubeconfig && "yaml" in kubeconfig ? kubeconfig.yaml : void 0
  ].filter((s) => Boolean(s));
}
function defaultSourceRepository(env) {
  return readGitHubRun(env)?.repositoryUrl;
}
function parseSmokeEnv(line) {
  const eq = line.indexOf("=");
  const name = eq < 0 ? line : line.slice(0, eq);
  const valid = "NAME (passed from greenlight's environment) or NAME=value, one per line";
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new InputError("smoke-env", `'${name}' is not a variable name`, valid);
  if (SMOKE_VARIABLES.includes(name))
    throw new InputError("smoke-env", `'${name}' is set by greenlight`, valid);
  if (eq < 0 && /^(INPUT_|ACTIONS_)|^(GREENLIGHT_PASSWORD|GITHUB_TOKEN|GH_TOKEN)$/i.test(name))
    throw new InputError(
      "smoke-env",
      `'${name}' holds a secret of greenlight's or the runner's and is never passed through`,
      "NAME=value with a secret meant for the smoke command"
    );
  return eq < 0 ? { name } : { name, value: line.slice(eq + 1) };
}
function parseCheck(line) {
  const [path = "", status, ...body] = line.trim().split(/\s+/);
  const valid = "'<path> [status] [body regexp]', e.g. '/healthz 200 ^ok$'";
  if (!path.startsWith("/")) throw new InputError("checks", `'${line}' does not start with a path`, valid);
  const code = status === void 0 ? 200 : Number(status);
  if (!Number.isInteger(code) || code < 100 || code > 599) {
    throw new InputError("checks", `'${line}' has status '${status}'`, valid);
  }
  const pattern = body.length ? body.join(" ") : void 0;
  if (pattern) compileRegexp("checks", pattern);
  return { path, status: code, body: pattern };
}
function repositoryOnly(value, input, allowDigest = false) {
  const ref = parseReference(value, `input '${input}'`);
  if (ref.tag || ref.digest && !allowDigest) {
    const valid = allowDigest ? "a repository, or one pinned by digest (repo@sha256:\u2026)" : "a repository only";
    throw new InputError(
      input,
      `'${value}' has a ${ref.tag ? "tag" : "digest"}`,
      `${valid}, e.g. ghcr.io/org/app`
    );
  }
  return ref;
}
function trustedRootInput(p, workdir, readFile) {
  const value = p.string("trusted-root").trim();
  if (value.startsWith("{")) return { trustedRoot: parseTrustedRootFile(value, "the input's JSON") };
  const text = fileInput(p, "trusted-root", workdir, readFile);
  return text ? { trustedRoot: parseTrustedRootFile(text, p.string("trusted-root")) } : {};
}
var SIGSTORE_URL_INPUTS = ["fulcio-url", "rekor-url", "tsa-url"];
function privateSigstore(p, hasTrustedRoot) {
  const [fulcioUrl, rekorUrl, tsaUrl] = SIGSTORE_URL_INPUTS.map(
    (name) => p.optional(name, (v) => parseSigstoreUrl(name, v))
  );
  const given = SIGSTORE_URL_INPUTS.filter((name) => p.string(name).trim() !== "");
  if (given.length === 0) return void 0;
  if (!fulcioUrl)
    throw new InputError(
      "fulcio-url",
      `is empty while '${given.join("', '")}' is set`,
      "the base URL of the private deployment's Fulcio, e.g. https://fulcio.sigstore.example.com"
    );
  if (!rekorUrl && !tsaUrl)
    throw new InputError(
      "rekor-url",
      "and 'tsa-url' are both empty while 'fulcio-url' is set (a bundle needs a log entry or a timestamp to verify)",
      "the deployment's Rekor URL, its timestamp authority's URL (tsa-url), or both"
    );
  if (!hasTrustedRoot)
    throw new InputError(
      "trusted-root",
      `is empty while '${given.join("', '")}' is set: public-good and GitHub's trust roots cannot verify what a private Sigstore signs`,
      "that deployment's trusted_root.json (its Fulcio CA, Rekor and TSA keys): a path, or the JSON itself"
    );
  return { fulcioUrl, ...rekorUrl ? { rekorUrl } : {}, ...tsaUrl ? { tsaUrl } : {} };
}
function parseSigstoreUrl(input, value) {
  const valid = "an https:// URL (http:// only to 127.0.0.1, [::1] or localhost), e.g. https://fulcio.sigstore.example.com";
  let url;
  try {
    url = new URL(value.trim());
  } catch {
    url = void 0;
  }
  if (!url?.hostname) throw new InputError(input, `'${value}' is not a URL`, valid);
  const loopback = /^(127\.\d+\.\d+\.\d+|\[::1\]|localhost)$/i.test(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback))
    throw new InputError(
      input,
      `'${value}' is ${url.protocol === "http:" ? "plain http to a host that is not loopback" : `not https (${url.protocol})`}`,
      valid
    );
  if (url.username || url.password || url.search || url.hash)
    throw new InputError(input, `'${value}' has credentials, a query or a fragment`, valid);
  return url.href.replace(/\/$/, "");
}
function fileInput(p, input, workdir, readFile) {
  const path = p.string(input);
  if (!path) return "";
  try {
    return readFile(resolve(workdir, path));
  } catch (error) {
    throw new InputError(input, `cannot read '${path}': ${error.message}`, "a readable file path");
  }
}
var DOCKER_HOST_FORMS = "unix:///path, tcp://host:port or ssh://[user@]host[:port], e.g. ssh://deploy@host.example";
function parseDockerHost(value) {
  const refuse = (why) => {
    throw new InputError("docker-host", `'${value}' ${why}`, DOCKER_HOST_FORMS);
  };
  if (/[\s\x00-\x1f\x7f]/.test(value)) refuse("has spaces or control characters");
  const unix = /^unix:\/\/(\/[^?#]*)$/.exec(value);
  if (unix) return value;
  const remote = remoteDockerHost(value);
  if (!remote) return refuse("is not a Docker Engine address");
  const { scheme, user, host, port } = remote;
  if (user?.startsWith("-") || host.startsWith("-"))
    refuse("has a user or host that would be read as an ssh option (it cannot start with '-')");
  if (user !== void 0 && !/^[A-Za-z0-9._][A-Za-z0-9._-]*$/.test(user))
    refuse(`has the user name '${user}'`);
  if (!/^([A-Za-z0-9][A-Za-z0-9.-]*|\[[0-9A-Fa-f:.]+\])$/.test(host)) refuse(`has the host '${host}'`);
  if (port !== void 0 && (Number(port) < 1 || Number(port) > 65535))
    refuse(`has the port ${port} (1-65535)`);
  if (scheme === "tcp" && user !== void 0) refuse("has a user on tcp://");
  return value;
}
function parsePublicUrl(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    url = void 0;
  }
  if (!url || !["http:", "https:"].includes(url.protocol) || !url.hostname)
    throw new InputError("public-url", `'${value}' is not an http(s) URL`, "e.g. https://shop.example.com");
  return value;
}
function insideWorkspace(input, value, workdir) {
  const path = resolve(workdir, value);
  const rel = relative(resolve(workdir), path);
  if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel))
    throw new InputError(
      input,
      `'${value}' is outside the workspace (${workdir})`,
      "a path inside the checkout, e.g. . or docker/app"
    );
  return path;
}
function checkedKey(p, input, workdir, readFile) {
  const fileName = `${input}-file`;
  const named = p.string(input) ? input : fileName;
  const pem = p.string(input) || fileInput(p, fileName, workdir, readFile);
  if (!pem) return "";
  if (input === "signing-key") new KeySigner(pem, `input '${named}'`);
  else if (/PRIVATE KEY-----/.test(pem))
    throw new InputError(
      named,
      "is a private key",
      "the public key (the .pub file of greenlight keygen), never the private one"
    );
  else loadPublicKey(pem, `input '${named}'`);
  return pem;
}

// src/command-inputs.ts
var CLI_COMMANDS = [...COMMANDS, "keygen"];
var GROUPS = {
  settings: ["config-file"],
  registry: ["image", "username", "password"],
  build: [
    "context",
    "file",
    "tags",
    "labels",
    "build-args",
    "platforms",
    "push",
    "builder",
    "buildx-builder",
    "cache-from",
    "cache-to"
  ],
  signing: [
    "signing",
    "signing-key",
    "signing-key-file",
    "sigstore-instance",
    "fulcio-url",
    "rekor-url",
    "tsa-url"
  ],
  attach: ["push-to-registry", "github-attestations"],
  subject: ["subject-name", "subject-digest"],
  policy: [
    "verify",
    "public-key",
    "public-key-file",
    "certificate-identity",
    "certificate-identity-regexp",
    "certificate-oidc-issuer",
    "source-repository",
    "source-ref",
    "require-test-results",
    "trusted-root"
  ],
  environment: [
    "app",
    "environment",
    "target",
    "docker-host",
    "kubeconfig",
    "namespace",
    "k8s-manifests",
    "ledger-repository"
  ],
  router: [
    "router-image",
    "container-port",
    "container-env",
    "live-port",
    "preview-port",
    "preview-address",
    "public-url",
    "preview-url",
    "preview-access"
  ],
  gates: [
    "test-results",
    "min-tests",
    "max-failures",
    "checks",
    "check-retries",
    "check-timeout",
    "smoke-command",
    "smoke-env",
    "smoke-results",
    "smoke-timeout"
  ],
  rollout: ["promotion", "watch-seconds", "keep-seconds", "lock-timeout", "lock-heartbeat"],
  undo: ["to", "reason"],
  output: ["dry-run", "format", "github-token"],
  insight: ["since", "until", "outcome", "window", "format", "report-file"]
};
var PRE_STAGE = ["test-results", "min-tests", "max-failures"];
var SMOKE = ["smoke-command", "smoke-env", "smoke-results", "smoke-timeout"];
var IMAGE = "registry.example.com/acme/shop";
var DEPLOY_GROUPS = ["registry", "environment", "router", "policy", "gates", "rollout"];
var COMMAND_INPUTS = {
  release: {
    summary: "build, push, sign provenance, then deploy the digest blue-green (the default command)",
    groups: ["settings", "registry", "build", "signing", "attach", ...DEPLOY_GROUPS, "output"],
    extra: ["summary-history"],
    example: `greenlight release --image ${IMAGE} --signing-key-file release.key --public-key-file release.pub`
  },
  build: {
    summary: "build and push the image, resolve and verify its digest; attests when a signer is set",
    groups: ["settings", "registry", "build", "signing", "attach", "output"],
    // a private Sigstore's endpoints are only given with its trusted root
    extra: ["trusted-root"],
    example: `greenlight build --image ${IMAGE} --context .`
  },
  attest: {
    summary: "sign SLSA v1 provenance for a digest and attach it to the image",
    groups: ["settings", "registry", "subject", "signing", "attach", "output"],
    extra: ["trusted-root"],
    example: `greenlight attest --image ${IMAGE}@sha256:\u2026 --signing-key-file release.key`
  },
  verify: {
    summary: "check a digest's signed provenance (and test results) against the policy",
    groups: ["settings", "registry", "subject", "policy", "output"],
    except: ["verify", "dry-run"],
    example: `greenlight verify --image ${IMAGE}@sha256:\u2026 --public-key-file release.pub`
  },
  deploy: {
    summary: "verify, stage the digest as the idle color, run the gates, promote (unless manual), watch",
    groups: ["settings", "subject", ...DEPLOY_GROUPS, "output"],
    extra: ["summary-history"],
    example: `greenlight deploy --image ${IMAGE}@sha256:\u2026 --public-key-file release.pub`
  },
  promote: {
    summary: "switch live traffic to the color staged with --promotion manual (verified again first)",
    groups: ["settings", "registry", "environment", "router", "policy", "gates", "rollout", "output"],
    except: ["promotion", "container-env", ...PRE_STAGE, ...SMOKE],
    example: `greenlight promote --image ${IMAGE} --public-key-file release.pub`
  },
  reject: {
    summary: "throw away the color staged with --promotion manual; live is untouched",
    groups: ["settings", "registry", "environment", "router", "undo", "output"],
    except: ["to", "container-env"],
    example: `greenlight reject --image ${IMAGE} --reason "wrong banner"`
  },
  rollback: {
    summary: "switch back to the warm previous color, or deploy an earlier digest (--to) through verify and the gates",
    groups: ["settings", "registry", "environment", "router", "policy", "gates", "rollout", "undo", "output"],
    except: ["promotion", ...PRE_STAGE],
    example: `greenlight rollback --image ${IMAGE} --public-key-file release.pub --reason "500s"`
  },
  status: {
    summary: "live, preview and previous colors by digest, the lock holder, drift against the ledger",
    groups: ["settings", "registry", "environment", "router", "output"],
    except: ["container-env", "dry-run"],
    example: `greenlight status --image ${IMAGE}`
  },
  unlock: {
    summary: "break the environment's deploy lock (its holder died or is stuck), recorded in the ledger with the reason",
    groups: ["settings", "registry", "environment", "undo", "output"],
    except: ["to", "github-token"],
    extra: ["force"],
    example: `greenlight unlock --image ${IMAGE} --reason "runner died"`
  },
  history: {
    summary: "the environment's change log from the ledger, newest first",
    groups: ["settings", "registry", "environment", "insight"],
    except: ["docker-host", "window"],
    extra: ["github-token"],
    example: `greenlight history --image ${IMAGE} --since 7d --outcome failed,rolled-back`
  },
  metrics: {
    summary: "deployment frequency, change failure rate, recovery and rollback times, drift, from the ledger",
    groups: ["settings", "registry", "environment", "router", "insight"],
    except: ["since", "until", "outcome", "container-env"],
    extra: ["github-token"],
    example: `greenlight metrics --image ${IMAGE} --window 30d --format openmetrics`
  },
  keygen: {
    summary: "write an ECDSA P-256 key pair for key signing (<file> and <file>.pub; never overwrites; do not commit the private key)",
    groups: [],
    only: ["signing-key-file"],
    example: "greenlight keygen --signing-key-file release.key"
  }
};
function commandInputs(command) {
  const help = COMMAND_INPUTS[command];
  if (help.only) return [...help.only];
  const except = new Set(help.except ?? []);
  return [...help.groups.flatMap((g) => GROUPS[g]), ...help.extra ?? []].filter(
    (name) => !except.has(name)
  );
}

export {
  readGitHubRun,
  runIdentity,
  INPUTS,
  LIST_INPUTS,
  isBooleanInput,
  parseConfig,
  isNamespaceName,
  kubeconfigInput,
  secretsOf,
  parseDockerHost,
  CLI_COMMANDS,
  COMMAND_INPUTS,
  commandInputs
};
//# sourceMappingURL=chunk-DA64P7H5.mjs.map
