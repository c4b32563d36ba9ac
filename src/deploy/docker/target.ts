import { GreenlightError } from "../../errors";
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
  engineName,
  inspectContainers,
  statusOf,
} from "./cli";
import { routerConfig } from "./haproxy";
import { acquireDockerLock, breakDockerLock, lockOf } from "./lock";
import {
  APP_LABEL,
  checkEnvironmentPart,
  ENV_LABEL,
  type EnvironmentNames,
  environmentNames,
  foreignOwner,
  LABEL,
  legacyNames,
  requireOwner,
} from "./names";
import { IMAGE_LABEL, LEDGER_LABEL } from "./remembered";
import { Router } from "./router";
import { type RouterSettings, runningSettings, settingChanges } from "./router-settings";
import { waitUntilReady } from "./start";

/** Options of the Docker target; one environment of one app on one Docker Engine. */
export interface DockerTargetOptions {
  app: string;
  environment: string;
  log: Logger;
  /** Host ports of the live and preview endpoints (published by the router). */
  livePort: number;
  previewPort: number;
  /** Address the router publishes the live port on (default `0.0.0.0`). */
  publishAddress?: string;
  /**
   * Address the router publishes the preview port on, as asked for: a router running with another
   * one is refused. Unset: `defaultPreviewAddress` for a new router, and whatever an existing one has.
   */
  previewAddress?: string;
  /** The preview address of a router created without `previewAddress` (default `127.0.0.1`). */
  defaultPreviewAddress?: string;
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
  /** Repositories recorded on the router, so a later run needs only the environment's name: the images', the ledger's. */
  imageRepository?: string;
  ledgerRepository?: string;
  /** How long a color may take to run (and be healthy) (default 60 s). */
  startTimeoutMs?: number;
  docker?: DockerConnection;
}

/** The Docker Engine target: containers per color behind an HAProxy router, a stopped container as the lock. */
export class DockerTarget implements Target {
  readonly description: string;
  private readonly docker: Docker;
  private readonly routerImage: string;
  private resolved: Promise<{ names: EnvironmentNames; router: Router }> | undefined;
  /**
   * The environment's containers as the name resolution found them, for the first `readState` only
   * (it comes right after); `prepare` and the lock drop it, so nothing under the lock reads it.
   */
  private prefetched: { found: Map<string, ContainerInfo>; routes?: RoutesRead } | undefined;
  /**
   * The last readState found the router running as `prepare` would leave it (owned, same settings
   * and configuration): the next `prepare` has nothing to create or check. A running router holds
   * its network (Docker refuses to remove a network in use); a router removed since is made again
   * by the switch (router.ts).
   */
  private routerReady = false;
  /** The lock this target holds (acquireLock until its release), with its container's id. */
  private held: LockInfo | undefined;

  constructor(readonly options: DockerTargetOptions) {
    checkEnvironmentPart("app", options.app);
    checkEnvironmentPart("environment", options.environment);
    this.docker = dockerCli(options.docker);
    this.routerImage = options.routerImage ?? "haproxy:3.2";
    const engine = engineName(options.docker) ?? "local engine";
    this.description = `docker ${options.app}/${options.environment} (${engine})`;
  }

  /** The settings this run asks the router for (recorded on it when it is created). */
  get routerSettings(): RouterSettings {
    const o = this.options;
    return {
      "live-port": String(o.livePort),
      "preview-port": String(o.previewPort),
      "container-port": String(o.containerPort ?? 8080),
      "router-image": this.routerImage,
      "publish-address": o.publishAddress ?? "0.0.0.0",
      "preview-address": this.options.previewAddress ?? "",
    };
  }

  /** Whether the engine is reached through ssh (or a context, which may be ssh). */
  private get overSsh(): boolean {
    const docker = this.options.docker;
    return Boolean(docker?.context) || /^ssh:/i.test(engineName(docker) ?? "");
  }

  private get previewAddress(): string {
    return this.options.previewAddress ?? this.options.defaultPreviewAddress ?? "127.0.0.1";
  }

  /**
   * This environment's names: the injective ones, or, for an environment greenlight deployed before
   * names were injective, the old `<app>-<env>-…` ones — when that environment's router exists and
   * its labels say it is this environment's (the old names of another pair can be the same string).
   */
  names(): Promise<EnvironmentNames> {
    return this.parts().then((p) => p.names);
  }

  /**
   * `speculate` (a readState): while the names are looked up, the current names' router is asked for
   * its map at once; kept for the readState when those names are the environment's.
   */
  private parts(speculate = false): Promise<{ names: EnvironmentNames; router: Router }> {
    this.resolved ??= this.resolve(speculate);
    this.resolved.catch(() => {
      this.resolved = undefined; // an engine that was unreachable is asked again next time
    });
    return this.resolved;
  }

  private async resolve(speculate: boolean): Promise<{ names: EnvironmentNames; router: Router }> {
    const { app, environment, log } = this.options;
    const current = environmentNames(app, environment);
    const legacy = legacyNames(app, environment);
    const currentRouter = this.routerFor(current);
    // the current names' colors and lock too: the first readState needs them next
    const [found, routes] = await Promise.all([
      inspectContainers(this.docker, [
        current.router,
        legacy.router,
        ...Object.values(current.colors),
        current.lock,
      ]),
      // not over ssh: two first connections at once to an unreachable host hide ssh's own error
      speculate && !this.overSsh ? routesOf(currentRouter) : undefined,
    ]);
    const old = found.get(legacy.router);
    let names = current;
    if (!found.has(current.router) && old && !foreignOwner(old.Config.Labels, app, environment)) {
      log.info(
        `${app}/${environment} was deployed with the names of greenlight 0.1 (${legacy.router}); they are kept`,
      );
      names = legacy;
    } else {
      this.prefetched = { found, ...(routes ? { routes } : {}) };
    }
    const router = names === current ? currentRouter : this.routerFor(legacy);
    return { names, router };
  }

  private routerFor(names: EnvironmentNames): Router {
    const { app, environment, log } = this.options;
    return new Router({
      docker: this.docker,
      log,
      app,
      environment,
      name: names.router,
      network: names.network,
      image: this.routerImage,
      config: routerConfig({
        servers: names.colors,
        containerPort: this.options.containerPort ?? 8080,
        ...(this.options.healthPath ? { healthPath: this.options.healthPath } : {}),
      }),
      labels: this.labels({
        [`${LABEL}.role`]: "router",
        ...(this.options.imageRepository ? { [IMAGE_LABEL]: this.options.imageRepository } : {}),
        ...(this.options.ledgerRepository ? { [LEDGER_LABEL]: this.options.ledgerRepository } : {}),
      }),
      publishAddress: this.options.publishAddress ?? "0.0.0.0",
      previewAddress: this.previewAddress,
      livePort: this.options.livePort,
      previewPort: this.options.previewPort,
      settings: this.routerSettings,
    });
  }

  private labels(extra: Record<string, string> = {}): Record<string, string> {
    return { [APP_LABEL]: this.options.app, [ENV_LABEL]: this.options.environment, ...extra };
  }

  private owner(kind: string, name: string, labels: Record<string, string> | null | undefined): void {
    requireOwner(kind, name, labels, this.options.app, this.options.environment);
  }

  async prepare(): Promise<void> {
    const { names, router } = await this.parts();
    this.prefetched = undefined;
    const ready = this.routerReady;
    this.routerReady = false;
    if (ready) return;
    const network = names.network;
    const [exists, routerFound] = await Promise.all([
      this.docker(["network", "inspect", network], { allowFailure: true }),
      inspectContainers(this.docker, [names.router]),
    ]);
    if (exists.exitCode === 0) {
      const [info] = JSON.parse(exists.stdout) as { Labels?: Record<string, string> | null }[];
      this.owner("network", network, info?.Labels);
    } else {
      const labels = Object.entries(this.labels()).flatMap(([k, v]) => ["--label", `${k}=${v}`]);
      const created = await this.docker(["network", "create", ...labels, network], {
        allowFailure: true,
      });
      if (created.exitCode !== 0 && !/already exists/i.test(created.stderr)) {
        throw new GreenlightError(`cannot create the network ${network}: ${created.stderr.trim()}`);
      }
    }
    await router.ensure({ info: routerFound.get(names.router) });
  }

  async readState(): Promise<TargetState> {
    const { names, router } = await this.parts(true);
    const prefetched = this.prefetched;
    this.prefetched = undefined;
    // the runtime map is asked for at the same time; its answer counts only when the router runs
    const [found, routesRead] = await Promise.all([
      prefetched?.found ??
        inspectContainers(this.docker, [...Object.values(names.colors), names.router, names.lock]),
      prefetched?.routes ?? routesOf(router),
    ]);
    const colors: TargetState["colors"] = {};
    const driftFacts: string[] = [];
    for (const color of COLORS) {
      const name = names.colors[color];
      const info = found.get(name);
      if (!info) continue;
      this.owner("container", name, info.Config.Labels);
      colors[color] = colorState(color, info);
      const label = info.Config.Labels?.[`${LABEL}.color`];
      if (label !== color) driftFacts.push(`${name} is labelled color '${label}'`);
    }
    const routerInfo = found.get(names.router);
    if (routerInfo) this.owner("router", names.router, routerInfo.Config.Labels);
    const routerRunning = routerInfo?.State.Running ?? false;
    this.routerReady = Boolean(routerInfo && router.ready(routerInfo));
    if (routerRunning && "error" in routesRead) throw routesRead.error;
    const routes = routerRunning && "routes" in routesRead ? routesRead.routes : {};
    if (!routerRunning && (colors.blue || colors.green))
      driftFacts.push(`router ${names.router} is not running`);
    for (const change of routerInfo ? settingChanges(runningSettings(routerInfo), this.routerSettings) : [])
      driftFacts.push(
        `router ${names.router} runs with ${change.setting} ${change.running}, not ${change.requested}`,
      );
    // the lock this run holds is what it wrote (its heartbeat keeps it current): not read back
    const lockInfo = found.get(names.lock);
    const lock = lockInfo && lockInfo.Id === this.held?.id ? this.held : await lockOf(this.docker, lockInfo);
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
    const { names, router } = await this.parts();
    const name = names.colors[spec.color];
    // the color is replaced: it is no longer the live color's fallback
    if (this.options.healthPath) await router.fallback(otherColor(spec.color), false);
    await this.retire(spec.color);
    // Docker reuses addresses: the router may still hold the old container's UP state for this
    // address. Force it down so only a health check of the new container brings it up.
    if (this.options.healthPath) await router.runtime(`set server ${spec.color}/${spec.color} health down\n`);
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
      names.network,
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
    const readiness = {
      probe: (address: string) => router.probeHttp(address, port, healthPath ?? "/"),
      server: async () => (await router.servers())[spec.color],
    };
    await waitUntilReady({
      docker: this.docker,
      name,
      network: names.network,
      timeoutMs: this.options.startTimeoutMs ?? 60_000,
      ...(healthPath ? { router: readiness } : {}),
    });
  }

  async exposePreview(color: Color): Promise<void> {
    await (await this.parts()).router.route({ preview: color });
  }

  async switchLive(color: Color, options: { fallbackToOther?: boolean } = {}): Promise<void> {
    const { router } = await this.parts();
    const checked = Boolean(this.options.healthPath); // no health checks, no fallback servers
    // One runtime call: a forward switch puts `color`'s fallback (the color live until now) in
    // service first, so a crash right after the switch already fails over (HAProxy marks an
    // enabled server UP at once; its health checks take it down if it is not); every other
    // fallback goes out of service right after the map is set. A fallback problem is a warning,
    // never a failed switch.
    const fallbacks: [Color, boolean][] = !checked
      ? []
      : options.fallbackToOther
        ? [
            [color, true],
            [otherColor(color), false],
          ]
        : [
            [color, false],
            [otherColor(color), false],
          ];
    const { fallbackProblems } = await router.route({ live: color, preview: otherColor(color) }, fallbacks);
    if (fallbackProblems.length) {
      this.options.log.warn(`live on ${color}: its fallback could not be set: ${fallbackProblems.join(" ")}`);
    }
  }

  /** Stops and removes a color, by id once its labels show it is this environment's. */
  async retire(color: Color): Promise<void> {
    const name = (await this.names()).colors[color];
    const info = (await inspectContainers(this.docker, [name])).get(name);
    if (!info) return;
    this.owner("container", name, info.Config.Labels);
    await this.docker(["stop", "--time", "5", info.Id], { allowFailure: true });
    const removed = await this.docker(["rm", "--force", info.Id], { allowFailure: true });
    if (removed.exitCode !== 0 && !/no such container/i.test(removed.stderr)) {
      throw new GreenlightError(`cannot remove ${name}: ${removed.stderr.trim()}`);
    }
  }

  async acquireLock(request: LockRequest): Promise<HeldLock> {
    const name = (await this.names()).lock;
    this.prefetched = undefined;
    const held = await acquireDockerLock(
      {
        docker: this.docker,
        name,
        image: this.routerImage,
        labels: this.labels({ [`${LABEL}.role`]: "lock" }),
        log: this.options.log,
        checkHolder: (labels) => this.owner("lock", name, labels),
      },
      request,
    );
    this.held = held.info;
    return {
      info: held.info,
      release: async () => {
        this.held = undefined;
        await held.release();
      },
    };
  }

  async breakLock(holder: LockInfo): Promise<void> {
    const name = (await this.names()).lock;
    const held = (await inspectContainers(this.docker, [name])).get(name);
    if (held) this.owner("lock", name, held.Config.Labels);
    return breakDockerLock(this.docker, name, holder);
  }

  endpoints(): Endpoints {
    const host = this.options.publicHost ?? "127.0.0.1";
    // a preview on loopback is reached on loopback (the engine is then local: see commands/engine.ts)
    const previewHost = this.previewAddress.startsWith("127.") ? "127.0.0.1" : host;
    return {
      liveUrl: `http://${host}:${this.options.livePort}`,
      previewUrl: `http://${previewHost}:${this.options.previewPort}`,
    };
  }

  /** Removes everything of this environment (containers, router, lock, network) that is its own; for tests and teardown. */
  async destroy(): Promise<void> {
    const names = await this.names();
    const found = await inspectContainers(this.docker, [
      ...Object.values(names.colors),
      names.router,
      names.lock,
    ]);
    const own = [...found.values()].filter(
      (info) => !foreignOwner(info.Config.Labels, this.options.app, this.options.environment),
    );
    if (own.length)
      await this.docker(["rm", "--force", ...own.map((info) => info.Id)], { allowFailure: true });
    await this.docker(["network", "rm", names.network], { allowFailure: true });
  }
}

type RoutesRead = { routes: Awaited<ReturnType<Router["routes"]>> } | { error: unknown };

/** A router's runtime map, or why it could not be read (counted only when the router runs). */
function routesOf(router: Router): Promise<RoutesRead> {
  return router.routes().then(
    (routes) => ({ routes }),
    (error: unknown) => ({ error }),
  );
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
