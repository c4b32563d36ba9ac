import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  acquireDockerLock,
  breakDockerLock,
  lockOf
} from "./chunk-DQEYF2JE.mjs";
import {
  CONFIG_DIR,
  IMAGE_LABEL,
  LEDGER_LABEL,
  LIVE_PORT,
  MAP_PATH,
  PREVIEW_PORT,
  RUNTIME_PORT,
  checkEnvironmentPart,
  environmentNames,
  fallbackCommand,
  foreignOwner,
  legacyNames,
  mapFile,
  parseServersState,
  parseShowMap,
  requireOwner,
  routerConfig,
  runningSettings,
  setMapCommand,
  settingChanges,
  settingLabels,
  settingsChangedError
} from "./chunk-27S7CDBD.mjs";
import {
  dockerCli,
  engineName,
  inspectContainers,
  lastLogLines,
  statusOf
} from "./chunk-LJTNHG3R.mjs";
import {
  COLORS,
  otherColor
} from "./chunk-TD6C3PZA.mjs";
import {
  APP_LABEL,
  ENV_LABEL,
  LABEL
} from "./chunk-XR4YHTGR.mjs";
import {
  parseReference
} from "./chunk-UEFSGM5H.mjs";
import {
  GreenlightError
} from "./chunk-XAPMUR2Q.mjs";

// src/deploy/docker/router.ts
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
var CONFIG_LABEL = "dev.greenlight.router-config";
var MAP_ENTRY = /^0x[0-9a-f]+\s+\S+\s+\S+$/i;
var BASH_SEND = 'exec 3<>"/dev/tcp/$1/$2" && cat >&3 && cat <&3';
var Router = class {
  constructor(spec) {
    this.spec = spec;
  }
  spec;
  useBash = false;
  /**
   * Creates and starts the router once; a running router is left alone (never reloaded). A router
   * of another environment, or one created with other settings (ports, image), is refused.
   */
  /**
   * Whether an inspected router runs as `ensure` would leave it without a word: running, with this
   * run's settings and configuration (its owner is the caller's to check).
   */
  ready(info) {
    return info.State.Running && !settingChanges(runningSettings(info), this.spec.settings).length && info.Config.Labels?.[CONFIG_LABEL] === this.configHash();
  }
  configHash() {
    return createHash("sha256").update(this.spec.config).digest("hex").slice(0, 16);
  }
  async ensure(known) {
    const { docker, name, log, app, environment } = this.spec;
    const hash = this.configHash();
    const info = known ? known.info : (await inspectContainers(docker, [name])).get(name);
    if (info) {
      requireOwner("router", name, info.Config.Labels, app, environment);
      const changes = settingChanges(runningSettings(info), this.spec.settings);
      if (changes.length) throw settingsChangedError(`${app}/${environment}`, name, changes);
    }
    if (info?.State.Running) {
      if (info.Config.Labels?.[CONFIG_LABEL] !== hash) {
        log.warn(
          `router ${name} runs an older configuration (the health-check path or, for a router made before greenlight recorded its settings, the container port); it is kept: remove it (docker rm -f ${name}) and deploy again to apply the new one`
        );
      }
      return;
    }
    if (!info) await this.create(hash);
    await docker(["start", name], { allowFailure: true });
    await this.waitForRuntime();
  }
  async create(hash) {
    const s = this.spec;
    const recorded = { ...s.settings, "preview-address": s.settings["preview-address"] || s.previewAddress };
    const labels = { ...s.labels, ...settingLabels(recorded), [CONFIG_LABEL]: hash };
    const created = await s.docker(
      [
        "container",
        "create",
        "--name",
        s.name,
        "--network",
        s.network,
        "--restart",
        "unless-stopped",
        "--publish",
        `${s.publishAddress}:${s.livePort}:${LIVE_PORT}`,
        "--publish",
        `${s.previewAddress}:${s.previewPort}:${PREVIEW_PORT}`,
        ...Object.entries(labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]),
        s.image
      ],
      { allowFailure: true }
    );
    if (created.exitCode !== 0) {
      if (/conflict|already in use/i.test(created.stderr)) return;
      throw new GreenlightError(
        `cannot create the router ${s.name} from ${s.image}: ${created.stderr.trim()}`,
        {
          hint: "check the router image input and that the live/preview ports are free"
        }
      );
    }
    const dir = await mkdtemp(join(tmpdir(), "greenlight-router-"));
    try {
      await writeFile(join(dir, "haproxy.cfg"), s.config, { mode: 420 });
      await writeFile(join(dir, "colors.map"), mapFile({ live: "none", preview: "none" }), { mode: 420 });
      await s.docker(["cp", `${dir}/.`, `${s.name}:${CONFIG_DIR}/`]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  async waitForRuntime() {
    let last;
    for (let attempt = 0; attempt < 40; attempt++) {
      try {
        await this.runtime("show info\n");
        return;
      } catch (error) {
        last = error;
        await sleep(250);
      }
    }
    const logs = await this.spec.docker(["logs", "--tail", "20", this.spec.name], { allowFailure: true });
    throw new GreenlightError(`router ${this.spec.name} does not answer on its runtime API`, {
      cause: last,
      hint: `its last log lines:
${`${logs.stdout}${logs.stderr}`.trimEnd()}`
    });
  }
  /** Sends bytes to host:port from inside the router (busybox nc, or bash /dev/tcp) and returns the answer. */
  async send(host, port, input) {
    const { docker, name } = this.spec;
    const argv = this.useBash ? ["exec", "-i", name, "bash", "-c", BASH_SEND, "greenlight-send", host, String(port)] : ["exec", "-i", name, "nc", host, String(port)];
    const result = await docker(argv, { input, allowFailure: true, timeoutMs: 2e4 });
    const failure = result.exitCode === 0 ? "" : `${result.stderr}
${result.stdout}`;
    if (!this.useBash && /executable file not found|no such file/i.test(failure)) {
      this.useBash = true;
      return this.send(host, port, input);
    }
    return result;
  }
  /** GETs a path of a color container from inside the router's network; returns the status (0: no answer). */
  async probeHttp(address, port, path) {
    const result = await this.send(
      address,
      port,
      `GET ${path} HTTP/1.0\r
Host: ${address}\r
User-Agent: greenlight-readiness\r
\r
`
    );
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(result.stdout);
    return status ? Number(status[1]) : 0;
  }
  /** Sends one batch of runtime API commands and returns the answer. */
  async runtime(commands) {
    const { name } = this.spec;
    const result = await this.send("127.0.0.1", RUNTIME_PORT, commands);
    if (result.exitCode !== 0 || result.timedOut) {
      throw new GreenlightError(
        `router ${name}: runtime API call failed: ${result.stderr.trim() || "no answer"}`
      );
    }
    return result.stdout;
  }
  /**
   * Takes the given fallback servers into service, sets live and/or preview, takes the others out
   * of service, and reads the map back, all in one runtime call; then saves the map file so a restart keeps it. The routes
   * count as set when the map read back shows them. What the fallback commands answered (other than
   * "No such server" from a router made before it had fallback servers) is returned, not thrown: a
   * fallback problem never fails a switch that happened.
   */
  async route(routes, fallbacks = []) {
    const { docker, name, log } = this.spec;
    const fallback = ([color, on]) => fallbackCommand(color, on).trimEnd();
    const commands = [
      ...fallbacks.filter(([, on]) => on).map(fallback),
      setMapCommand(routes).trimEnd(),
      ...fallbacks.filter(([, on]) => !on).map(fallback),
      `show map ${MAP_PATH}`
    ];
    const batch = `${commands.join("; ")}
`;
    let answer;
    try {
      answer = await this.runtime(batch);
    } catch (error) {
      if ((await inspectContainers(docker, [name])).has(name)) throw error;
      log.warn(`router ${name} is gone (removed outside greenlight); creating it again`);
      await this.ensure({ info: void 0 });
      answer = await this.runtime(batch);
    }
    const problems = answer.split("\n").map((line) => line.trim()).filter((line) => line && !MAP_ENTRY.test(line) && !/no such (server|backend)/i.test(line));
    const now = parseShowMap(answer);
    const missed = Object.entries(routes).filter(([k, v]) => now[k] !== v);
    if (missed.length) {
      const wanted = missed.map(([k, v]) => `${k} ${v}`).join(", ");
      throw new GreenlightError(
        `router ${name}: set map ${wanted} did not take: the map shows ${JSON.stringify(now)}${problems.length ? `; it answered '${problems.join(" ")}'` : ""}`
      );
    }
    await this.saveMap(now);
    return { fallbackProblems: fallbacks.length ? problems : [] };
  }
  /**
   * Takes the fallback server of `color`'s backend in or out of service (haproxy.ts). A router made
   * before it had fallback servers answers "No such server": it keeps working without one.
   */
  async fallback(color, on) {
    const answer = (await this.runtime(fallbackCommand(color, on))).trim();
    if (answer && !/no such (server|backend)/i.test(answer)) {
      throw new GreenlightError(
        `router ${this.spec.name}: ${fallbackCommand(color, on).trim()} answered '${answer}'`
      );
    }
  }
  /** What the running router serves (its runtime map, the truth). */
  async routes() {
    return parseShowMap(await this.runtime(`show map ${MAP_PATH}
`));
  }
  async servers() {
    return parseServersState(await this.runtime("show servers state\n"));
  }
  /** Writes the runtime map (read now unless given) into the map file inside the router. */
  async saveMap(current) {
    const read = current ?? await this.routes();
    const routes = { live: read.live ?? "none", preview: read.preview ?? "none" };
    const dir = await mkdtemp(join(tmpdir(), "greenlight-map-"));
    try {
      await writeFile(join(dir, "colors.map"), mapFile(routes), { mode: 420 });
      await this.spec.docker(["cp", join(dir, "colors.map"), `${this.spec.name}:${MAP_PATH}`]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
};

// src/deploy/docker/start.ts
import { setTimeout as sleep2 } from "node:timers/promises";
var MIN_UPTIME_MS = 1500;
async function waitUntilReady(probe) {
  const deadline = Date.now() + probe.timeoutMs;
  let waitingFor = "to run";
  for (; ; ) {
    const info = (await inspectContainers(probe.docker, [probe.name])).get(probe.name);
    if (!info) return fail(probe, "disappeared while starting");
    const state = info.State;
    if (!state.Running || state.Restarting || (info.RestartCount ?? 0) > 0) {
      return fail(probe, `is ${statusOf(info)}${state.Error ? `: ${state.Error}` : ""}`);
    }
    if (state.Health?.Status === "unhealthy") return fail(probe, "is unhealthy (its HEALTHCHECK fails)");
    if (state.Health) {
      waitingFor = "its HEALTHCHECK to pass";
      if (state.Health.Status === "healthy") return;
    } else if (probe.router) {
      const address = info.NetworkSettings.Networks?.[probe.network]?.IPAddress;
      const status = address ? await probe.router.probe(address) : 0;
      const server = status >= 200 && status < 300 ? await probe.router.server() : void 0;
      waitingFor = `its health check to pass (last status ${status || "no answer"}; router sees ${server?.address ?? "-"}, state ${server?.opState ?? "-"})`;
      if (address && server?.address === address && server.opState === 2) return;
    } else {
      waitingFor = `to keep running for ${MIN_UPTIME_MS} ms`;
      if (Date.now() - Date.parse(state.StartedAt) >= MIN_UPTIME_MS) return;
    }
    if (Date.now() >= deadline)
      return fail(probe, `was not ready after ${probe.timeoutMs} ms, waiting for ${waitingFor}`);
    await sleep2(250);
  }
}
async function fail(probe, why) {
  const logs = await lastLogLines(probe.docker, probe.name);
  throw new GreenlightError(`container ${probe.name} ${why}; its last log lines:
${logs || "(no output)"}`, {
    hint: "the live color was not touched; fix the image or its environment and deploy again"
  });
}

// src/deploy/docker/target.ts
var DockerTarget = class {
  constructor(options) {
    this.options = options;
    checkEnvironmentPart("app", options.app);
    checkEnvironmentPart("environment", options.environment);
    this.docker = dockerCli(options.docker);
    this.routerImage = options.routerImage ?? "haproxy:3.2";
    const engine = engineName(options.docker) ?? "local engine";
    this.description = `docker ${options.app}/${options.environment} (${engine})`;
  }
  options;
  description;
  docker;
  routerImage;
  resolved;
  /**
   * The environment's containers as the name resolution found them, for the first `readState` only
   * (it comes right after); `prepare` and the lock drop it, so nothing under the lock reads it.
   */
  prefetched;
  /**
   * The last readState found the router running as `prepare` would leave it (owned, same settings
   * and configuration): the next `prepare` has nothing to create or check. A running router holds
   * its network (Docker refuses to remove a network in use); a router removed since is made again
   * by the switch (router.ts).
   */
  routerReady = false;
  /** The lock this target holds (acquireLock until its release), with its container's id. */
  held;
  /** The settings this run asks the router for (recorded on it when it is created). */
  get routerSettings() {
    const o = this.options;
    return {
      "live-port": String(o.livePort),
      "preview-port": String(o.previewPort),
      "container-port": String(o.containerPort ?? 8080),
      "router-image": this.routerImage,
      "publish-address": o.publishAddress ?? "0.0.0.0",
      "preview-address": this.options.previewAddress ?? ""
    };
  }
  /** Whether the engine is reached through ssh (or a context, which may be ssh). */
  get overSsh() {
    const docker = this.options.docker;
    return Boolean(docker?.context) || /^ssh:/i.test(engineName(docker) ?? "");
  }
  get previewAddress() {
    return this.options.previewAddress ?? this.options.defaultPreviewAddress ?? "127.0.0.1";
  }
  /**
   * This environment's names: the injective ones, or, for an environment greenlight deployed before
   * names were injective, the old `<app>-<env>-…` ones — when that environment's router exists and
   * its labels say it is this environment's (the old names of another pair can be the same string).
   */
  names() {
    return this.parts().then((p) => p.names);
  }
  /**
   * `speculate` (a readState): while the names are looked up, the current names' router is asked for
   * its map at once; kept for the readState when those names are the environment's.
   */
  parts(speculate = false) {
    this.resolved ??= this.resolve(speculate);
    this.resolved.catch(() => {
      this.resolved = void 0;
    });
    return this.resolved;
  }
  async resolve(speculate) {
    const { app, environment, log } = this.options;
    const current = environmentNames(app, environment);
    const legacy = legacyNames(app, environment);
    const currentRouter = this.routerFor(current);
    const [found, routes] = await Promise.all([
      inspectContainers(this.docker, [
        current.router,
        legacy.router,
        ...Object.values(current.colors),
        current.lock
      ]),
      // not over ssh: two first connections at once to an unreachable host hide ssh's own error
      speculate && !this.overSsh ? routesOf(currentRouter) : void 0
    ]);
    const old = found.get(legacy.router);
    let names = current;
    if (!found.has(current.router) && old && !foreignOwner(old.Config.Labels, app, environment)) {
      log.info(
        `${app}/${environment} was deployed with the names of greenlight 0.1 (${legacy.router}); they are kept`
      );
      names = legacy;
    } else {
      this.prefetched = { found, ...routes ? { routes } : {} };
    }
    const router = names === current ? currentRouter : this.routerFor(legacy);
    return { names, router };
  }
  routerFor(names) {
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
        ...this.options.healthPath ? { healthPath: this.options.healthPath } : {}
      }),
      labels: this.labels({
        [`${LABEL}.role`]: "router",
        ...this.options.imageRepository ? { [IMAGE_LABEL]: this.options.imageRepository } : {},
        ...this.options.ledgerRepository ? { [LEDGER_LABEL]: this.options.ledgerRepository } : {}
      }),
      publishAddress: this.options.publishAddress ?? "0.0.0.0",
      previewAddress: this.previewAddress,
      livePort: this.options.livePort,
      previewPort: this.options.previewPort,
      settings: this.routerSettings
    });
  }
  labels(extra = {}) {
    return { [APP_LABEL]: this.options.app, [ENV_LABEL]: this.options.environment, ...extra };
  }
  owner(kind, name, labels) {
    requireOwner(kind, name, labels, this.options.app, this.options.environment);
  }
  async prepare() {
    const { names, router } = await this.parts();
    this.prefetched = void 0;
    const ready = this.routerReady;
    this.routerReady = false;
    if (ready) return;
    const network = names.network;
    const [exists, routerFound] = await Promise.all([
      this.docker(["network", "inspect", network], { allowFailure: true }),
      inspectContainers(this.docker, [names.router])
    ]);
    if (exists.exitCode === 0) {
      const [info] = JSON.parse(exists.stdout);
      this.owner("network", network, info?.Labels);
    } else {
      const labels = Object.entries(this.labels()).flatMap(([k, v]) => ["--label", `${k}=${v}`]);
      const created = await this.docker(["network", "create", ...labels, network], {
        allowFailure: true
      });
      if (created.exitCode !== 0 && !/already exists/i.test(created.stderr)) {
        throw new GreenlightError(`cannot create the network ${network}: ${created.stderr.trim()}`);
      }
    }
    await router.ensure({ info: routerFound.get(names.router) });
  }
  async readState() {
    const { names, router } = await this.parts(true);
    const prefetched = this.prefetched;
    this.prefetched = void 0;
    const [found, routesRead] = await Promise.all([
      prefetched?.found ?? inspectContainers(this.docker, [...Object.values(names.colors), names.router, names.lock]),
      prefetched?.routes ?? routesOf(router)
    ]);
    const colors = {};
    const driftFacts = [];
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
        `router ${names.router} runs with ${change.setting} ${change.running}, not ${change.requested}`
      );
    const lockInfo = found.get(names.lock);
    const lock = lockInfo && lockInfo.Id === this.held?.id ? this.held : await lockOf(this.docker, lockInfo);
    const live = routes.live === "none" ? void 0 : routes.live;
    const preview = routes.preview === "none" ? void 0 : routes.preview;
    return {
      app: this.options.app,
      environment: this.options.environment,
      live,
      preview,
      colors,
      ...lock ? {
        lock: {
          owner: lock.owner,
          expiresAt: lock.expiresAt,
          ...lock.runUrl ? { runUrl: lock.runUrl } : {},
          ...lock.heartbeatAt ? { heartbeatAt: lock.heartbeatAt } : {},
          id: lock.id
        }
      } : {},
      driftFacts
    };
  }
  async start(spec) {
    const ref = parseReference(spec.image, "image");
    if (ref.digest !== spec.digest) {
      throw new GreenlightError(`refusing to start ${spec.image}: not pinned by the digest ${spec.digest}`);
    }
    const { names, router } = await this.parts();
    const name = names.colors[spec.color];
    if (this.options.healthPath) await router.fallback(otherColor(spec.color), false);
    await this.retire(spec.color);
    if (this.options.healthPath) await router.runtime(`set server ${spec.color}/${spec.color} health down
`);
    const labels = this.labels({
      [`${LABEL}.color`]: spec.color,
      [`${LABEL}.digest`]: spec.digest,
      [`${LABEL}.release`]: spec.release
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
      spec.image
    ];
    const run = await this.docker(args, { allowFailure: true, timeoutMs: 10 * 6e4 });
    if (run.exitCode !== 0) {
      const exists = (await inspectContainers(this.docker, [name])).has(name);
      const why = run.stderr.trim().split("\n").slice(-3).join("\n");
      throw new GreenlightError(`container ${name} (${spec.image}) did not start: ${why}`, {
        hint: exists ? "check the image's entrypoint and command" : "check that the engine can pull the image (registry credentials)"
      });
    }
    const healthPath = this.options.healthPath;
    const port = this.options.containerPort ?? 8080;
    const readiness = {
      probe: (address) => router.probeHttp(address, port, healthPath ?? "/"),
      server: async () => (await router.servers())[spec.color]
    };
    await waitUntilReady({
      docker: this.docker,
      name,
      network: names.network,
      timeoutMs: this.options.startTimeoutMs ?? 6e4,
      ...healthPath ? { router: readiness } : {}
    });
  }
  async exposePreview(color) {
    await (await this.parts()).router.route({ preview: color });
  }
  async switchLive(color, options = {}) {
    const { router } = await this.parts();
    const checked = Boolean(this.options.healthPath);
    const fallbacks = !checked ? [] : options.fallbackToOther ? [
      [color, true],
      [otherColor(color), false]
    ] : [
      [color, false],
      [otherColor(color), false]
    ];
    const { fallbackProblems } = await router.route({ live: color, preview: otherColor(color) }, fallbacks);
    if (fallbackProblems.length) {
      this.options.log.warn(`live on ${color}: its fallback could not be set: ${fallbackProblems.join(" ")}`);
    }
  }
  /** Stops and removes a color, by id once its labels show it is this environment's. */
  async retire(color) {
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
  async acquireLock(request) {
    const name = (await this.names()).lock;
    this.prefetched = void 0;
    const held = await acquireDockerLock(
      {
        docker: this.docker,
        name,
        image: this.routerImage,
        labels: this.labels({ [`${LABEL}.role`]: "lock" }),
        log: this.options.log,
        checkHolder: (labels) => this.owner("lock", name, labels)
      },
      request
    );
    this.held = held.info;
    return {
      info: held.info,
      release: async () => {
        this.held = void 0;
        await held.release();
      }
    };
  }
  async breakLock(holder) {
    const name = (await this.names()).lock;
    const held = (await inspectContainers(this.docker, [name])).get(name);
    if (held) this.owner("lock", name, held.Config.Labels);
    return breakDockerLock(this.docker, name, holder);
  }
  endpoints() {
    const host = this.options.publicHost ?? "127.0.0.1";
    const previewHost = this.previewAddress.startsWith("127.") ? "127.0.0.1" : host;
    return {
      liveUrl: `http://${host}:${this.options.livePort}`,
      previewUrl: `http://${previewHost}:${this.options.previewPort}`
    };
  }
  /** Removes everything of this environment (containers, router, lock, network) that is its own; for tests and teardown. */
  async destroy() {
    const names = await this.names();
    const found = await inspectContainers(this.docker, [
      ...Object.values(names.colors),
      names.router,
      names.lock
    ]);
    const own = [...found.values()].filter(
      (info) => !foreignOwner(info.Config.Labels, this.options.app, this.options.environment)
    );
    if (own.length)
      await this.docker(["rm", "--force", ...own.map((info) => info.Id)], { allowFailure: true });
    await this.docker(["network", "rm", names.network], { allowFailure: true });
  }
};
function routesOf(router) {
  return router.routes().then(
    (routes) => ({ routes }),
    (error) => ({ error })
  );
}
function colorState(color, info) {
  const labels = Object.fromEntries(
    Object.entries(info.Config.Labels ?? {}).filter(([k]) => k.startsWith(`${LABEL}.`))
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
    startedAt: info.State.StartedAt
  };
}

export {
  DockerTarget
};
//# sourceMappingURL=chunk-AKL5DVST.mjs.map
