import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { GreenlightError } from "../../errors";
import type { ExecResult } from "../../exec";
import type { Logger } from "../../log";
import type { Color } from "../target";
import { type ContainerInfo, type Docker, inspectContainers } from "./cli";
import {
  CONFIG_DIR,
  fallbackCommand,
  LIVE_PORT,
  MAP_PATH,
  mapFile,
  PREVIEW_PORT,
  parseServersState,
  parseShowMap,
  type Routes,
  RUNTIME_PORT,
  type ServerState,
  setMapCommand,
} from "./haproxy";
import { requireOwner } from "./names";
import {
  type RouterSettings,
  runningSettings,
  settingChanges,
  settingLabels,
  settingsChangedError,
} from "./router-settings";

const CONFIG_LABEL = "dev.greenlight.router-config";
/** A line of `show map`: `0x55d0… live blue`. */
const MAP_ENTRY = /^0x[0-9a-f]+\s+\S+\s+\S+$/i;

// The official Debian-based image has no nc; bash's /dev/tcp reaches the runtime API. The script is
// fixed: commands arrive on stdin, never inside the script.
// Host and port are positional arguments ($1, $2), never part of the script text.
const BASH_SEND = 'exec 3<>"/dev/tcp/$1/$2" && cat >&3 && cat <&3';

export interface RouterSpec {
  docker: Docker;
  log: Logger;
  /** The environment it serves: its labels must say so, or it is not touched. */
  app: string;
  environment: string;
  name: string;
  network: string;
  image: string;
  config: string;
  labels: Record<string, string>;
  publishAddress: string;
  /** Address the preview port is published on (loopback by default: only greenlight's checks use it). */
  previewAddress: string;
  livePort: number;
  previewPort: number;
  /** What it is created with, recorded on its labels; a running router with others is refused. */
  settings: RouterSettings;
}

/** The HAProxy router of one environment, driven through `docker exec` and its runtime API. */
export class Router {
  private useBash = false;

  constructor(private readonly spec: RouterSpec) {}

  /**
   * Creates and starts the router once; a running router is left alone (never reloaded). A router
   * of another environment, or one created with other settings (ports, image), is refused.
   */
  /**
   * Whether an inspected router runs as `ensure` would leave it without a word: running, with this
   * run's settings and configuration (its owner is the caller's to check).
   */
  ready(info: ContainerInfo): boolean {
    return (
      info.State.Running &&
      !settingChanges(runningSettings(info), this.spec.settings).length &&
      info.Config.Labels?.[CONFIG_LABEL] === this.configHash()
    );
  }

  private configHash(): string {
    return createHash("sha256").update(this.spec.config).digest("hex").slice(0, 16);
  }

  async ensure(known?: { info: ContainerInfo | undefined }): Promise<void> {
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
          `router ${name} runs an older configuration (the health-check path or, for a router made before greenlight recorded its settings, the container port); it is kept: remove it (docker rm -f ${name}) and deploy again to apply the new one`,
        );
      }
      return;
    }
    if (!info) await this.create(hash);
    await docker(["start", name], { allowFailure: true });
    await this.waitForRuntime();
  }

  private async create(hash: string): Promise<void> {
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
        s.image,
      ],
      { allowFailure: true },
    );
    if (created.exitCode !== 0) {
      if (/conflict|already in use/i.test(created.stderr)) return; // another run created it just now
      throw new GreenlightError(
        `cannot create the router ${s.name} from ${s.image}: ${created.stderr.trim()}`,
        {
          hint: "check the router image input and that the live/preview ports are free",
        },
      );
    }
    const dir = await mkdtemp(join(tmpdir(), "greenlight-router-"));
    try {
      await writeFile(join(dir, "haproxy.cfg"), s.config, { mode: 0o644 });
      await writeFile(join(dir, "colors.map"), mapFile({ live: "none", preview: "none" }), { mode: 0o644 });
      await s.docker(["cp", `${dir}/.`, `${s.name}:${CONFIG_DIR}/`]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async waitForRuntime(): Promise<void> {
    let last: unknown;
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
      hint: `its last log lines:\n${`${logs.stdout}${logs.stderr}`.trimEnd()}`,
    });
  }

  /** Sends bytes to host:port from inside the router (busybox nc, or bash /dev/tcp) and returns the answer. */
  private async send(host: string, port: number, input: string): Promise<ExecResult> {
    const { docker, name } = this.spec;
    const argv = this.useBash
      ? ["exec", "-i", name, "bash", "-c", BASH_SEND, "greenlight-send", host, String(port)]
      : ["exec", "-i", name, "nc", host, String(port)];
    const result = await docker(argv, { input, allowFailure: true, timeoutMs: 20_000 });
    // `docker exec -i` prints the runtime's "executable file not found" on stdout (docker/cli#2025)
    const failure = result.exitCode === 0 ? "" : `${result.stderr}\n${result.stdout}`;
    if (!this.useBash && /executable file not found|no such file/i.test(failure)) {
      this.useBash = true;
      return this.send(host, port, input);
    }
    return result;
  }

  /** GETs a path of a color container from inside the router's network; returns the status (0: no answer). */
  async probeHttp(address: string, port: number, path: string): Promise<number> {
    const result = await this.send(
      address,
      port,
      `GET ${path} HTTP/1.0\r\nHost: ${address}\r\nUser-Agent: greenlight-readiness\r\n\r\n`,
    );
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(result.stdout);
    return status ? Number(status[1]) : 0;
  }

  /** Sends one batch of runtime API commands and returns the answer. */
  async runtime(commands: string): Promise<string> {
    const { name } = this.spec;
    const result = await this.send("127.0.0.1", RUNTIME_PORT, commands);
    if (result.exitCode !== 0 || result.timedOut) {
      throw new GreenlightError(
        `router ${name}: runtime API call failed: ${result.stderr.trim() || "no answer"}`,
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
  async route(
    routes: Partial<Routes>,
    fallbacks: readonly (readonly [Color, boolean])[] = [],
  ): Promise<{ fallbackProblems: string[] }> {
    const { docker, name, log } = this.spec;
    const fallback = ([color, on]: readonly [Color, boolean]) => fallbackCommand(color, on).trimEnd();
    // fallbacks in service before the map moves, out of service after it
    const commands = [
      ...fallbacks.filter(([, on]) => on).map(fallback),
      setMapCommand(routes).trimEnd(),
      ...fallbacks.filter(([, on]) => !on).map(fallback),
      `show map ${MAP_PATH}`,
    ];
    const batch = `${commands.join("; ")}\n`;
    let answer: string;
    try {
      answer = await this.runtime(batch);
    } catch (error) {
      // removed by hand (or by a host cleanup) during the run: made again, then routed, so the
      // switch serves live instead of failing with live down
      if ((await inspectContainers(docker, [name])).has(name)) throw error;
      log.warn(`router ${name} is gone (removed outside greenlight); creating it again`);
      await this.ensure({ info: undefined });
      answer = await this.runtime(batch);
    }
    const problems = answer
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !MAP_ENTRY.test(line) && !/no such (server|backend)/i.test(line));
    const now = parseShowMap(answer);
    const missed = (Object.entries(routes) as [keyof Routes, string][]).filter(([k, v]) => now[k] !== v);
    if (missed.length) {
      const wanted = missed.map(([k, v]) => `${k} ${v}`).join(", ");
      throw new GreenlightError(
        `router ${name}: set map ${wanted} did not take: the map shows ${JSON.stringify(now)}${problems.length ? `; it answered '${problems.join(" ")}'` : ""}`,
      );
    }
    await this.saveMap(now);
    return { fallbackProblems: fallbacks.length ? problems : [] };
  }

  /**
   * Takes the fallback server of `color`'s backend in or out of service (haproxy.ts). A router made
   * before it had fallback servers answers "No such server": it keeps working without one.
   */
  async fallback(color: Color, on: boolean): Promise<void> {
    const answer = (await this.runtime(fallbackCommand(color, on))).trim();
    if (answer && !/no such (server|backend)/i.test(answer)) {
      throw new GreenlightError(
        `router ${this.spec.name}: ${fallbackCommand(color, on).trim()} answered '${answer}'`,
      );
    }
  }

  /** What the running router serves (its runtime map, the truth). */
  async routes(): Promise<Partial<Routes>> {
    return parseShowMap(await this.runtime(`show map ${MAP_PATH}\n`));
  }

  async servers(): Promise<ReturnType<typeof parseServersState>> {
    return parseServersState(await this.runtime("show servers state\n"));
  }

  /** Writes the runtime map (read now unless given) into the map file inside the router. */
  async saveMap(current?: Partial<Routes>): Promise<void> {
    const read = current ?? (await this.routes());
    const routes = { live: read.live ?? "none", preview: read.preview ?? "none" } as Routes;
    const dir = await mkdtemp(join(tmpdir(), "greenlight-map-"));
    try {
      await writeFile(join(dir, "colors.map"), mapFile(routes), { mode: 0o644 });
      await this.spec.docker(["cp", join(dir, "colors.map"), `${this.spec.name}:${MAP_PATH}`]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

export type { ServerState };
