import type { Config, DeployConfig } from "../config";
import type { RunContext } from "../context";
import type { EngineOptions } from "../deploy/bluegreen";
import type { DockerConnection } from "../deploy/docker/cli";
import { leaseTiming } from "../deploy/lease";
import type { NamedGate } from "../deploy/result";
import type { Target } from "../deploy/target";
import { GreenlightError } from "../errors";
import type { HttpCheck } from "../gate/checks";
import { httpChecksGate, smokeGate, testResultsGate, watchGate } from "../gate/gates";
import { junitGate } from "../gate/junit";
import type { GateResult } from "../gate/result";
import { parseKeyValues } from "../image/labels";
import { repositoryName } from "../image/reference";
import type { LedgerStore } from "../ledger/record";
import { RegistryLedger } from "../ledger/registry-store";
import type { RegistryClient } from "../registry/client";

/** What the engine's parts are built from besides the Config: the run's services (./services.ts). */
export interface EngineServices {
  ledger(): LedgerStore;
  /** How the run's docker commands reach the Docker Engine (services.ts: DOCKER_CONFIG, DOCKER_HOST, ssh forward). */
  dockerConnection(): Promise<DockerConnection>;
}

/**
 * The blue-green engine's parts for this configuration: target, ledger, gates. Asynchronous: a
 * target may be loaded on demand.
 */
export async function engineOptions(
  config: Config,
  ctx: RunContext,
  services: EngineServices,
): Promise<EngineOptions> {
  const d = config.deploy;
  if (!d.app || !(d.ledgerRepository ?? config.image)) {
    throw new GreenlightError(
      `'${config.command}' needs 'image': the repository the environment's releases come from (its ledger is kept there; the app name is its last path part)`,
      {
        hint: `set 'image', e.g. ghcr.io/acme/shop, and 'environment' when it is not production (or 'app' and 'ledger-repository')`,
      },
    );
  }
  const checks: HttpCheck[] = d.checks.map((c) => ({
    path: c.path,
    status: c.status,
    ...(c.body ? { body: c.body } : {}),
    retries: d.checkRetries - 1,
    timeoutMs: d.checkTimeoutSeconds * 1000,
  }));
  const previewGates: NamedGate[] = [];
  if (checks.length) previewGates.push(httpChecksGate(checks));
  if (d.smokeCommand) {
    previewGates.push(
      smokeGate({
        argv: d.smokeCommand,
        cwd: config.workdir,
        env: smokeEnv(d.smokeEnv, ctx.env),
        timeoutMs: d.smokeTimeoutSeconds * 1000,
        ...(d.smokeResults ? { junitPath: d.smokeResults } : {}),
      }),
    );
  }
  return {
    target: await targetFor(config, ctx, services),
    ledger: services.ledger(),
    log: ctx.log,
    app: d.app,
    environment: d.environment,
    actor: ctx.actor,
    ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}),
    lockTimeoutMs: d.lockTimeoutSeconds * 1000,
    lockTtlMs: lockTtlSeconds(config) * 1000,
    lockLease: leaseTiming(d.lockHeartbeatSeconds),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    previewGates,
    ...(d.watchSeconds > 0
      ? { watch: watchGate({ checks, seconds: d.watchSeconds, onProgress: (line) => ctx.log.info(line) }) }
      : {}),
    now: ctx.now,
    ...(d.reason ? { reason: d.reason } : {}),
  };
}

/** The smoke command's `smoke-env`: set values as given, names passed through when set here. */
export function smokeEnv(entries: DeployConfig["smokeEnv"], env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, value } of entries) {
    const given = value ?? env[name];
    if (given !== undefined) out[name] = given;
  }
  return out;
}

/**
 * The whole run's longest time (the gates, the watch, and ten minutes for starting and switching),
 * written on the lock for greenlight versions before the heartbeat; this version frees a dead
 * run's lock when its heartbeat lapses (`lock-heartbeat`).
 */
function lockTtlSeconds(config: Config): number {
  const d = config.deploy;
  const checks = d.checks.length * d.checkRetries * (d.checkTimeoutSeconds + 1);
  return 600 + checks + (d.smokeCommand ? d.smokeTimeoutSeconds : 0) + d.watchSeconds;
}

/** Test results from earlier jobs (`results`, parsed once per run): checked before anything is started. */
export function preStageGates(config: Config, results: () => Promise<GateResult>): NamedGate[] {
  const d = config.deploy;
  if (!d.testResults.length) return [];
  const gate = testResultsGate(
    d.testResults,
    { maxFailures: d.maxFailures, minTests: d.minTests },
    config.workdir,
  );
  return [{ ...gate, run: results }];
}

/**
 * The gate result of the configured test results (the JUnit files of earlier jobs, which do not
 * change during a run: RunServices parses them once, then signs and gates the same result).
 */
export function testResultsOf(config: Config): Promise<GateResult> {
  const d = config.deploy;
  return junitGate(
    d.testResults,
    { maxFailures: d.maxFailures, minTests: d.minTests },
    { cwd: config.workdir },
  );
}

/** The configured target, built on demand: only its code is loaded (a Docker rollback never parses the Kubernetes client). */
async function targetFor(config: Config, ctx: RunContext, services: EngineServices): Promise<Target> {
  return config.deploy.target === "kubernetes"
    ? kubernetesTarget(config, ctx)
    : dockerTarget(config, ctx, await services.dockerConnection());
}

async function dockerTarget(config: Config, ctx: RunContext, docker: DockerConnection): Promise<Target> {
  const { DockerTarget } = await import("../deploy/docker/target");
  const d = config.deploy;
  const dockerHost = configuredDockerHost(config, ctx);
  const publicHost = d.publicUrl ? new URL(d.publicUrl).hostname : undefined;
  return new DockerTarget({
    app: d.app,
    environment: d.environment,
    log: ctx.log,
    livePort: d.livePort,
    previewPort: d.previewPort,
    routerImage: d.routerImage,
    containerPort: d.containerPort,
    env: Object.fromEntries(parseKeyValues("container-env", d.containerEnv)),
    ...(d.checks[0] ? { healthPath: d.checks[0].path } : {}),
    ...(publicHost ? { publicHost } : {}),
    ...(d.previewAddress ? { previewAddress: previewAddressFor(d.previewAddress, dockerHost) } : {}),
    defaultPreviewAddress: previewAddressFor(undefined, dockerHost),
    ...(config.image ? { imageRepository: repositoryName(config.image) } : {}),
    ...(d.ledgerRepository ? { ledgerRepository: repositoryName(d.ledgerRepository) } : {}),
    docker,
  });
}

/** The Docker Engine as configured: `docker-host`, else the environment's DOCKER_HOST. */
export function configuredDockerHost(config: Config, ctx: RunContext): string | undefined {
  return config.deploy.dockerHost ?? ctx.env.DOCKER_HOST;
}

/** `target: kubernetes`: the user's manifests in the configured namespace, live on `public-url` when given. */
async function kubernetesTarget(config: Config, ctx: RunContext): Promise<Target> {
  const d = config.deploy;
  const k = d.kubernetes;
  if (!k) throw new GreenlightError("target kubernetes needs k8s-manifests");
  const [{ kubernetesApis }, { KubernetesTarget }] = await Promise.all([
    import("../deploy/kubernetes/client"),
    import("../deploy/kubernetes/target"),
  ]);
  const connection = !k.kubeconfig
    ? {}
    : "yaml" in k.kubeconfig
      ? { yaml: k.kubeconfig.yaml }
      : { kubeconfig: k.kubeconfig.path };
  return new KubernetesTarget({
    app: d.app,
    environment: d.environment,
    namespace: k.namespace,
    log: ctx.log,
    apis: kubernetesApis(connection),
    ...(k.manifests ? { manifests: k.manifests } : {}),
    ...(d.publicUrl ? { liveUrl: d.publicUrl } : {}),
    ...(k.previewUrl ? { previewUrl: k.previewUrl } : {}),
    previewAccess: k.previewAccess,
    keepSeconds: k.keepSeconds,
    recorded: {
      target: "kubernetes",
      app: d.app,
      ...(config.image ? { image: repositoryName(config.image) } : {}),
      ...(d.ledgerRepository ? { "ledger-repository": repositoryName(d.ledgerRepository) } : {}),
      "keep-seconds": String(k.keepSeconds),
      "preview-access": k.previewAccess,
      ...(k.previewUrl ? { "preview-url": k.previewUrl } : {}),
      ...(d.publicUrl ? { "public-url": d.publicUrl } : {}),
    },
  });
}

/**
 * The preview port is for greenlight's checks and smoke command only: on loopback when the engine is
 * this machine's, on all addresses when it is remote (the checks reach it over the network), unless
 * `preview-address` says otherwise. Loopback on a remote engine could never be checked: refused.
 * Only a given `preview-address` is held against an existing router: the default depends on how the
 * engine is reached, which may change (a local socket, then ssh to the same host).
 */
export function previewAddressFor(given: string | undefined, dockerHost: string | undefined): string {
  const remote = Boolean(dockerHost && !dockerHost.startsWith("unix://"));
  if (!given) return remote ? "0.0.0.0" : "127.0.0.1";
  if (remote && /^(127\.|localhost$|::1$)/.test(given)) {
    throw new GreenlightError(
      `input 'preview-address': ${given} on the remote Docker engine ${dockerHost} cannot be reached by the checks from here`,
      {
        hint: "an address of the Docker host the runner reaches (e.g. a private network's), or leave it empty",
      },
    );
  }
  return given;
}

/** The environment's ledger; `maxRecords` limits how far back a walk reads (default 200). */
export function ledgerFor(
  config: Config,
  clientFor: (registry: string) => RegistryClient,
  maxRecords?: number,
): RegistryLedger {
  const repo = config.deploy.ledgerRepository ?? config.image;
  if (!repo) {
    throw new GreenlightError("the release ledger needs a repository", {
      hint: "set 'image' (the ledger lives beside the images) or 'ledger-repository'",
    });
  }
  return new RegistryLedger({
    client: clientFor(repo.registry),
    repository: repo.repository,
    environment: config.deploy.environment,
    ...(maxRecords ? { maxRecords } : {}),
  });
}
