import { COLORS, type Color } from "../target";

/** Where the generated files live inside the router container. */
export const CONFIG_DIR = "/usr/local/etc/haproxy";
export const CONFIG_PATH = `${CONFIG_DIR}/haproxy.cfg`;
export const MAP_PATH = `${CONFIG_DIR}/colors.map`;
/** The runtime API listens on loopback inside the router only; reached by `docker exec`. */
export const RUNTIME_PORT = 9999;
export const LIVE_PORT = 8080;
export const PREVIEW_PORT = 8081;

export interface RouterConfigOptions {
  /** Container names of the colors, resolved through Docker's DNS. */
  servers: Record<Color, string>;
  /** The port the app listens on inside its container. */
  containerPort: number;
  /** A path HAProxy polls on each color; a color that fails it gets no traffic. */
  healthPath?: string;
}

/**
 * haproxy.cfg for the router. Each frontend picks its backend per request by looking its own
 * name up in the colors map, so a switch is a `set map` on the runtime API: no reload, no
 * connection closed. Servers start without an address (`init-addr last,libc,none`) so the router
 * runs while a color does not exist, and follow the color's container through the resolver.
 */
export function routerConfig(options: RouterConfigOptions): string {
  // a refused connection from live traffic marks the server down at once (observe layer4), so the
  // retry goes to the fallback instead of waiting for two failed health checks
  const check = options.healthPath
    ? " check inter 1s fall 2 rise 1 observe layer4 error-limit 1 on-error mark-down"
    : "";
  const server = (name: string, color: Color, extra = "") =>
    `  server ${name} ${options.servers[color]}:${options.containerPort} resolvers docker init-addr last,libc,none${check}${extra}`;
  // With health checks, each backend has the other color as a backup server, in maintenance until a
  // forward switch enables it (fallbackCommand): a live color that crashes during the watch then
  // fails over to the previous release HAProxy already knows is healthy, instead of answering 503.
  const backend = (color: Color) =>
    [
      `backend ${color}`,
      ...(options.healthPath ? [`  option httpchk GET ${options.healthPath}`] : []),
      server(color, color),
      ...(options.healthPath ? [server(FALLBACK, otherColorOf(color), " backup disabled")] : []),
    ].join("\n");
  return `${[
    "global",
    "  log stdout format raw local0 notice",
    `  stats socket ipv4@127.0.0.1:${RUNTIME_PORT} level admin`,
    "  stats timeout 10s",
    "",
    "defaults",
    "  log global",
    "  mode http",
    "  option http-keep-alive",
    "  timeout connect 3s",
    "  timeout client 60s",
    "  timeout server 60s",
    "  timeout http-keep-alive 10s",
    "  retry-on conn-failure empty-response",
    "  retries 3",
    "  option redispatch",
    "",
    "resolvers docker",
    "  nameserver docker 127.0.0.11:53",
    "  resolve_retries 3",
    "  timeout resolve 1s",
    "  timeout retry 1s",
    "  hold valid 10s",
    "  hold nx 2s",
    "  accepted_payload_size 8192",
    "",
    "frontend live",
    `  bind :${LIVE_PORT}`,
    `  use_backend %[str(live),map(${MAP_PATH},none)]`,
    "",
    "frontend preview",
    `  bind :${PREVIEW_PORT}`,
    `  use_backend %[str(preview),map(${MAP_PATH},none)]`,
    "",
    ...COLORS.map(backend).flatMap((text) => [text, ""]),
  ].join("\n")}`;
}

/** The backup server of each color's backend: the other color's container. */
export const FALLBACK = "fallback";

function otherColorOf(color: Color): Color {
  return color === "blue" ? "green" : "blue";
}

/**
 * Takes the fallback of `color`'s backend (the other color) in or out of service. In service only
 * from a forward switch (the other color is then the release that was live and passed its watch)
 * until that color is replaced, retired or switched away from.
 */
export function fallbackCommand(color: Color, on: boolean): string {
  return `${on ? "enable" : "disable"} server ${color}/${FALLBACK}\n`;
}

/** What each endpoint serves; `none` before the first deploy (HAProxy answers 503). */
export interface Routes {
  live: Color | "none";
  preview: Color | "none";
}

/** The colors map file: the state a restarted router comes back with. */
export function mapFile(routes: Routes): string {
  return `live ${routes.live}\npreview ${routes.preview}\n`;
}

/** One runtime API line that sets both entries; HAProxy runs `;`-separated commands in order on one connection. */
export function setMapCommand(routes: Partial<Routes>): string {
  const parts = (Object.entries(routes) as [keyof Routes, string][]).map(
    ([key, color]) => `set map ${MAP_PATH} ${key} ${color}`,
  );
  return `${parts.join("; ")}\n`;
}

/** Parses `show map` output (`0x55d0… live blue`) into routes; unknown lines are ignored. */
export function parseShowMap(output: string): Partial<Routes> {
  const routes: Partial<Routes> = {};
  for (const line of output.split("\n")) {
    const [, key, value] = line.trim().split(/\s+/);
    if (
      (key === "live" || key === "preview") &&
      (value === "blue" || value === "green" || value === "none")
    ) {
      routes[key] = value;
    }
  }
  return routes;
}

/** A color's server as `show servers state` reports it. */
export interface ServerState {
  address: string;
  /** 2 = UP (0 down, 1 starting, 3 stopping). */
  opState: number;
}

/** Parses `show servers state` (format 1) into the state of each color's server. */
export function parseServersState(output: string): Partial<Record<Color, ServerState>> {
  const states: Partial<Record<Color, ServerState>> = {};
  for (const line of output.split("\n")) {
    const fields = line.trim().split(/\s+/);
    const backend = fields[1];
    if ((backend === "blue" || backend === "green") && fields[3] === backend && fields[4] && fields[5]) {
      states[backend] = { address: fields[4], opState: Number(fields[5]) };
    }
  }
  return states;
}

/** Parses a map file's text the same way. */
export function parseMapFile(text: string): Partial<Routes> {
  return parseShowMap(
    text
      .split("\n")
      .map((line) => `- ${line}`)
      .join("\n"),
  );
}
