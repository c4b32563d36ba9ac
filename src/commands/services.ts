import { join } from "node:path";
import type { Config } from "../config";
import type { RunContext } from "../context";
import type { EngineOptions } from "../deploy/bluegreen";
import type { DockerConnection } from "../deploy/docker/cli";
import type { RunDockerHost } from "../deploy/docker/ssh-forward";
import type { NamedGate } from "../deploy/result";
import type { GateResult } from "../gate/result";
import type { ImageReference } from "../image/reference";
import type { RegistryLedger } from "../ledger/registry-store";
import type { Signer } from "../provenance/signers";
import type { ProvenanceSource } from "../provenance/source";
import type { TrustedRootCache } from "../provenance/trust/material";
import type { RegistryClient } from "../registry/client";
import { configuredDockerHost, engineOptions, ledgerFor, preStageGates, testResultsOf } from "./engine";
import { dockerConfigFor, newRegistryClient } from "./registry";
import { requireDigest, requireImage } from "./required-inputs";

/**
 * The composition root of one command: the run's services (registry clients, target, ledger,
 * signer, provenance facts, test results), each built once, on first use, from the Config and the
 * front-end's RunContext. runCommand makes one per run and hands it to the command's handler; the
 * handlers and the modules they share take what they need from it (nothing is cached per module).
 */
export class RunServices {
  private readonly registries = new Map<string, RegistryClient>();
  /** Sigstore trusted roots fetched through TUF: once per mirror per run. */
  readonly trustedRoots: TrustedRootCache = new Map();
  private dockerConfig: string | undefined;
  private engineOnce: Promise<EngineOptions> | undefined;
  private forwardOnce: Promise<RunDockerHost> | undefined;
  private ledgerOnce: RegistryLedger | undefined;
  private results: Promise<GateResult> | undefined;
  private signerOnce: Promise<Signer> | undefined;
  private source: Promise<ProvenanceSource> | undefined;

  constructor(
    readonly config: Config,
    readonly ctx: RunContext,
  ) {}

  /** The image repository every command but status needs; the error names the input. */
  image(): ImageReference {
    return requireImage(this.config);
  }

  /** The digest to attest, verify or deploy. */
  digest(): string {
    return requireDigest(this.config);
  }

  /**
   * The run's client for a registry: its bearer tokens and auth challenge are paid once, not once
   * per step (build, attest, verify, ledger).
   */
  registryClient(registry: string): RegistryClient {
    let client = this.registries.get(registry);
    if (!client) {
      client = newRegistryClient(this.config, this.ctx, registry);
      this.registries.set(registry, client);
    }
    return client;
  }

  /** DOCKER_CONFIG for docker commands: the user's, or a copy logged in with the configured credentials. */
  dockerConfigDir(): string {
    this.dockerConfig ??= dockerConfigFor(this.image().registry, this.config, this.ctx);
    return this.dockerConfig;
  }

  /**
   * How this run's docker commands reach the Docker Engine: DOCKER_CONFIG, and DOCKER_HOST as
   * configured; an ssh:// engine through one ssh connection for the whole run, which forwards the
   * engine's socket (ssh-forward.ts; its connection is made while the run goes on, and `close` ends it).
   */
  async dockerConnection(): Promise<DockerConnection> {
    const env: Record<string, string> = { DOCKER_CONFIG: this.dockerConfigDir() };
    const host = configuredDockerHost(this.config, this.ctx);
    if (host) env.DOCKER_HOST = host;
    if (!host?.startsWith("ssh://")) return { env };
    this.forwardOnce ??= import("../deploy/docker/ssh-forward").then(({ forwardedDockerHost }) =>
      // not stopped by ctx.signal: a stopped run still releases its lock, through the forward
      forwardedDockerHost(host, { dir: join(this.ctx.tempDir, "docker-ssh"), log: this.ctx.log }),
    );
    const forward = await this.forwardOnce;
    return { env, host: () => forward.host(), name: host };
  }

  /** Ends what the run started that outlives a step: the ssh forward. runCommand calls it, however the run ends. */
  async close(): Promise<void> {
    await (await this.forwardOnce)?.close();
  }

  /** The environment's ledger; `maxRecords` limits how far back a walk reads (default 200). */
  ledger(maxRecords?: number): RegistryLedger {
    if (maxRecords) return ledgerFor(this.config, (r) => this.registryClient(r), maxRecords);
    this.ledgerOnce ??= ledgerFor(this.config, (r) => this.registryClient(r));
    return this.ledgerOnce;
  }

  /** The blue-green engine's parts: target (built asynchronously, so it can be loaded on demand), ledger, gates. */
  engine(): Promise<EngineOptions> {
    this.engineOnce ??= engineOptions(this.config, this.ctx, {
      ledger: () => this.ledger(),
      dockerConnection: () => this.dockerConnection(),
    });
    return this.engineOnce;
  }

  /** The gate result of the configured test results: parsed once, then signed and gated from the same result. */
  testResults(): Promise<GateResult> {
    this.results ??= testResultsOf(this.config);
    return this.results;
  }

  /** Test results from earlier jobs as the engine's pre-stage gate. */
  preStageGates(): NamedGate[] {
    return preStageGates(this.config, () => this.testResults());
  }

  /**
   * The signer chosen from the configuration (keyless needs the workflow's OIDC token); the signing
   * libraries are loaded only by a command that signs.
   */
  signer(): Promise<Signer> {
    this.signerOnce ??= import("./signing").then(({ signerFor }) => signerFor(this.config, this.ctx));
    return this.signerOnce;
  }

  /** What the provenance says built the image: the workflow run in Actions, the local checkout elsewhere. */
  provenanceSource(): Promise<ProvenanceSource> {
    this.source ??= import("./signing").then(({ provenanceSourceFor }) =>
      provenanceSourceFor(this.config, this.ctx),
    );
    return this.source;
  }
}
