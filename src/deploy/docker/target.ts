import { GreenlightError, InputError } from "../../errors";
import { parseReference } from "../../image/reference";
import type { Logger } from "../../log";
import {
  COLORS,
  type Color,
  type ColorState,
  type Endpoints,
  type HeldLock,
  type LockInfo,
  type LockRequest,
  otherColor,
  type StartSpec,
  type Target,
  type TargetState,
} from "../target";
import {
  type ContainerInfo,
  type Docker,
  type DockerConnection,
  dockerCli,
  inspectContainers,
  statusOf,
} from "./cli";
import { routerConfig } from "./haproxy";
import { acquireDockerLock, breakDockerLock, readLock } from "./lock";
import { Router } from "./router";
import { waitUntilReady } from "./start";

/** Options of the Docker target; one environment of one app on one Docker Engine. */
export interface DockerTargetOptions {
  app: string;
  environment: string;
  log: Logger;
  /** Host ports of the live and preview endpoints (published by the router). */
  livePort: number;
  previewPort: number;
  /** Address the router publishes on (default `0.0.0.0`). */
  publishAddress?: string;
  /** Host name in the endpoint URLs (default `127.0.0.1`; the server's name with DOCKER_HOST=ssh://). */
  publicHost?: string;
  /** Router image (default `haproxy:3.2`, the official Debian-based image). */
  routerImage?: string;
  /** Port the app listens on in its container (default 8080). */
  containerPort?: number;
  /** Environment variables of the color containers. */
  env?: Record<string, string>;
  /** Path HAProxy health-checks on each color; a color must pass it before it counts as started. */
  healthPath?: string;
  /** How long a color may take to run (and be healthy) (default 60 s). */
  startTimeoutMs?: number;
  docker?: DockerConnection;
}

const NAME = /^[a-z0-9][a-z0-9_.-]{0,40}$/;
const LABEL = "dev.greenlight";

/** The Docker Engine target: containers per color behind an HAProxy router, a stopped container as the lock. */
export class DockerTarget implements Target {
  readonly description: string;
  readonly network: string;
  private readonly docker: Docker;
  private readonly router: Router;
  private readonly routerImage: string;

  constructor(readonly options: DockerTargetOptions) {
    for (const [input, value] of [
      ["app", options.app],
      ["environment", options.environment],
    ] as const) {
      if (!NAME.test(value))
        throw new InputError(
          input,
          `'${value}' cannot name containers`,
          "lower-case letters, digits, '.', '_', '-'",
        );
    }
    this.docker = dockerCli(options.docker);
    this.network = `greenlight-${options.app}-${options.environment}`;
    this.routerImage = options.routerImage ?? "haproxy:3.2";
    const engine =
      options.docker?.context ??
      options.docker?.env?.DOCKER_HOST ??
      process.env.DOCKER_HOST ??
      "local engine";
    this.description = `docker ${this.prefix} (${engine})`;
    this.router = new Router({
      docker: this.docker,
      log: options.log,
      name: `${this.prefix}-router`,
      network: this.network,
      image: this.routerImage,
      config: routerConfig({
        servers: { blue: this.containerName("blue"), green: this.containerName("green") },
        containerPort: options.containerPort ?? 8080,
        ...(options.healthPath ? { healthPath: options.healthPath } : {}),
      }),
      labels: this.labels({ [`${LABEL}.role`]: "router" }),
      publishAddress: options.publishAddress ?? "0.0.0.0",
      livePort: options.livePort,
      previewPort: options.previewPort,
    });
  }

  get prefix(): string {
    return `${this.options.app}-${this.options.environment}`;
  }

  containerName(color: Color): string {
    return `${this.prefix}-${color}`;
  }

  private labels(extra: Record<string, string> = {}): Record<string, string> {
    return { [`${LABEL}.app`]: this.options.app, [`${LABEL}.env`]: this.options.environment, ...extra };
  }

  async prepare(): Promise<void> {
    const exists = await this.docker(["network", "inspect", this.network], { allowFailure: true });
    if (exists.exitCode !== 0) {
      const labels = Object.entries(this.labels()).flatMap(([k, v]) => ["--label", `${k}=${v}`]);
      const created = await this.docker(["network", "create", ...labels, this.network], {
        allowFailure: true,
      });
      if (created.exitCode !== 0 && !/already exists/i.test(created.stderr)) {
        throw new GreenlightError(`cannot create the network ${this.network}: ${created.stderr.trim()}`);
      }
    }
    await this.router.ensure();
  }

  async readState(): Promise<TargetState> {
    const names = COLORS.map((c) => this.containerName(c));
    const found = await inspectContainers(this.docker, [...names, `${this.prefix}-router`]);
    const colors: TargetState["colors"] = {};
    const driftFacts: string[] = [];
    for (const color of COLORS) {
      const info = found.get(this.containerName(color));
      if (info) colors[color] = colorState(color, info);
      const label = info?.Config.Labels?.[`${LABEL}.color`];
      if (info && label !== color)
        driftFacts.push(`${this.containerName(color)} is labelled color '${label}'`);
    }
    const routerRunning = found.get(`${this.prefix}-router`)?.State.Running ?? false;
    const routes = routerRunning ? await this.router.routes() : {};
    if (!routerRunning && (colors.blue || colors.green))
      driftFacts.push(`router ${this.prefix}-router is not running`);
    const lock = await readLock(this.docker, `${this.prefix}-lock`);
    const live = routes.live === "none" ? undefined : routes.live;
    const preview = routes.preview === "none" ? undefined : routes.preview;
    return {
      app: this.options.app,
      environment: this.options.environment,
      live,
      preview,
      colors,
      ...(lock
        ? {
            lock: {
              owner: lock.owner,
              expiresAt: lock.expiresAt,
              ...(lock.runUrl ? { runUrl: lock.runUrl } : {}),
              ...(lock.heartbeatAt ? { heartbeatAt: lock.heartbeatAt } : {}),
              id: lock.id,
            },
          }
        : {}),
      driftFacts,
    };
  }

  async start(spec: StartSpec): Promise<void> {
    const ref = parseReference(spec.image, "image");
    if (ref.digest !== spec.digest) {
      throw new GreenlightError(`refusing to start ${spec.image}: not pinned by the digest ${spec.digest}`);
    }
    const name = this.containerName(spec.color);
    await this.retire(spec.color);
    // Docker reuses addresses: the router may still hold the old container's UP state for this
    // address. Force it down so only a health check of the new container brings it up.
    if (this.options.healthPath)
      await this.router.runtime(`set server ${spec.color}/${spec.color} health down\n`);
    const labels = this.labels({
      [`${LABEL}.color`]: spec.color,
      [`${LABEL}.digest`]: spec.digest,
      [`${LABEL}.release`]: spec.release,
    });
    const args = [
      "run",
      "--detach",
      "--name",
      name,
      "--network",
      this.network,
      "--restart",
      "unless-stopped",
      ...Object.entries(labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]),
      ...Object.entries(this.options.env ?? {}).flatMap(([k, v]) => ["--env", `${k}=${v}`]),
      spec.image,
    ];
    const run = await this.docker(args, { allowFailure: true, timeoutMs: 10 * 60_000 });
    if (run.exitCode !== 0) {
      const exists = (await inspectContainers(this.docker, [name])).has(name);
      const why = run.stderr.trim().split("\n").slice(-3).join("\n");
      throw new GreenlightError(`container ${name} (${spec.image}) did not start: ${why}`, {
        hint: exists
          ? "check the image's entrypoint and command"
          : "check that the engine can pull the image (registry credentials)",
      });
    }
    const healthPath = this.options.healthPath;
    const port = this.options.containerPort ?? 8080;
    const router = {
      probe: (address: string) => this.router.probeHttp(address, port, healthPath ?? "/"),
      server: async () => (await this.router.servers())[spec.color],
    };
    await waitUntilReady({
      docker: this.docker,
      name,
      network: this.network,
      timeoutMs: this.options.startTimeoutMs ?? 60_000,
      ...(healthPath ? { router } : {}),
    });
  }

  async exposePreview(color: Color): Promise<void> {
    await this.router.route({ preview: color });
  }

  async switchLive(color: Color): Promise<void> {
    await this.router.route({ live: color, preview: otherColor(color) });
  }

  async retire(color: Color): Promise<void> {
    const name = this.containerName(color);
    await this.docker(["stop", "--time", "5", name], { allowFailure: true });
    const removed = await this.docker(["rm", "--force", name], { allowFailure: true });
    if (removed.exitCode !== 0 && !/no such container/i.test(removed.stderr)) {
      throw new GreenlightError(`cannot remove ${name}: ${removed.stderr.trim()}`);
    }
  }

  acquireLock(request: LockRequest): Promise<HeldLock> {
    return acquireDockerLock(
      {
        docker: this.docker,
        name: `${this.prefix}-lock`,
        image: this.routerImage,
        labels: this.labels({ [`${LABEL}.role`]: "lock" }),
        log: this.options.log,
      },
      request,
    );
  }

  breakLock(holder: LockInfo): Promise<void> {
    return breakDockerLock(this.docker, `${this.prefix}-lock`, holder);
  }

  endpoints(): Endpoints {
    const host = this.options.publicHost ?? "127.0.0.1";
    return {
      liveUrl: `http://${host}:${this.options.livePort}`,
      previewUrl: `http://${host}:${this.options.previewPort}`,
    };
  }

  /** Removes everything of this environment (containers, router, lock, network); for tests and teardown. */
  async destroy(): Promise<void> {
    const names = [
      ...COLORS.map((c) => this.containerName(c)),
      `${this.prefix}-router`,
      `${this.prefix}-lock`,
    ];
    await this.docker(["rm", "--force", ...names], { allowFailure: true });
    await this.docker(["network", "rm", this.network], { allowFailure: true });
  }
}

function colorState(color: Color, info: ContainerInfo): ColorState {
  const labels = Object.fromEntries(
    Object.entries(info.Config.Labels ?? {}).filter(([k]) => k.startsWith(`${LABEL}.`)),
  );
  return {
    color,
    running: info.State.Running && !info.State.Restarting,
    status: statusOf(info),
    image: info.Config.Image,
    digest: labels[`${LABEL}.digest`],
    release: labels[`${LABEL}.release`],
    labels,
    restarts: info.RestartCount ?? 0,
    startedAt: info.State.StartedAt,
  };
}
