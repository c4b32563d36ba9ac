import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  inspectContainers
} from "./chunk-LJTNHG3R.mjs";
import {
  COLORS
} from "./chunk-TD6C3PZA.mjs";
import {
  APP_LABEL,
  ENV_LABEL,
  LABEL,
  soleApp
} from "./chunk-XR4YHTGR.mjs";
import {
  GreenlightError,
  InputError
} from "./chunk-XAPMUR2Q.mjs";

// src/deploy/docker/names.ts
var NAME_RULE = "lower-case letters, digits, '.', '_' and single '-' (not '--', not at the end), starting with a letter or digit, at most 41 characters, e.g. shop-api";
function isEnvironmentPart(value) {
  return /^[a-z0-9][a-z0-9_.-]{0,40}$/.test(value) && !value.includes("--") && !value.endsWith("-");
}
function checkEnvironmentPart(input, value) {
  if (!isEnvironmentPart(value)) throw new InputError(input, `'${value}' cannot name containers`, NAME_RULE);
}
function environmentNames(app, environment) {
  const prefix = `${app}--${environment}`;
  return {
    scheme: "current",
    network: `greenlight--${prefix}`,
    router: `${prefix}--router`,
    lock: `${prefix}--lock`,
    colors: { blue: `${prefix}--blue`, green: `${prefix}--green` }
  };
}
function legacyNames(app, environment) {
  const prefix = `${app}-${environment}`;
  return {
    scheme: "legacy",
    network: `greenlight-${prefix}`,
    router: `${prefix}-router`,
    lock: `${prefix}-lock`,
    colors: { blue: `${prefix}-blue`, green: `${prefix}-green` }
  };
}
function foreignOwner(labels, app, environment) {
  const ownerApp = labels?.[APP_LABEL];
  const ownerEnv = labels?.[ENV_LABEL];
  if (ownerApp === app && ownerEnv === environment) return void 0;
  if (ownerApp === void 0 && ownerEnv === void 0)
    return "nobody (it has no dev.greenlight.app/env labels)";
  return `app '${ownerApp ?? ""}', environment '${ownerEnv ?? ""}'`;
}
function requireOwner(kind, name, labels, app, environment) {
  const owner = foreignOwner(labels, app, environment);
  if (!owner) return;
  throw new GreenlightError(
    `${kind} ${name} belongs to ${owner}, not to app '${app}', environment '${environment}'; greenlight leaves it alone`,
    {
      hint: `another environment (or something else) uses this name. Deploy under another app or environment name, or remove ${name} if nothing needs it`
    }
  );
}

// src/deploy/docker/haproxy.ts
var CONFIG_DIR = "/usr/local/etc/haproxy";
var CONFIG_PATH = `${CONFIG_DIR}/haproxy.cfg`;
var MAP_PATH = `${CONFIG_DIR}/colors.map`;
var RUNTIME_PORT = 9999;
var LIVE_PORT = 8080;
var PREVIEW_PORT = 8081;
function routerConfig(options) {
  const check = options.healthPath ? " check inter 1s fall 2 rise 1 observe layer4 error-limit 1 on-error mark-down" : "";
  const server = (name, color, extra = "") => `  server ${name} ${options.servers[color]}:${options.containerPort} resolvers docker init-addr last,libc,none${check}${extra}`;
  const backend = (color) => [
    `backend ${color}`,
    ...options.healthPath ? [`  option httpchk GET ${options.healthPath}`] : [],
    server(color, color),
    ...options.healthPath ? [server(FALLBACK, otherColorOf(color), " backup disabled")] : []
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
    ...COLORS.map(backend).flatMap((text) => [text, ""])
  ].join("\n")}`;
}
var FALLBACK = "fallback";
function otherColorOf(color) {
  return color === "blue" ? "green" : "blue";
}
function fallbackCommand(color, on) {
  return `${on ? "enable" : "disable"} server ${color}/${FALLBACK}
`;
}
function mapFile(routes) {
  return `live ${routes.live}
preview ${routes.preview}
`;
}
function setMapCommand(routes) {
  const parts = Object.entries(routes).map(
    ([key, color]) => `set map ${MAP_PATH} ${key} ${color}`
  );
  return `${parts.join("; ")}
`;
}
function parseShowMap(output) {
  const routes = {};
  for (const line of output.split("\n")) {
    const [, key, value] = line.trim().split(/\s+/);
    if ((key === "live" || key === "preview") && (value === "blue" || value === "green" || value === "none")) {
      routes[key] = value;
    }
  }
  return routes;
}
function parseServersState(output) {
  const states = {};
  for (const line of output.split("\n")) {
    const fields = line.trim().split(/\s+/);
    const backend = fields[1];
    if ((backend === "blue" || backend === "green") && fields[3] === backend && fields[4] && fields[5]) {
      states[backend] = { address: fields[4], opState: Number(fields[5]) };
    }
  }
  return states;
}

// src/deploy/docker/router-settings.ts
var ROUTER_SETTINGS = [
  "live-port",
  "preview-port",
  "container-port",
  "router-image",
  "publish-address",
  "preview-address"
];
var settingLabel = (setting) => `${LABEL}.${setting}`;
function settingLabels(settings) {
  return Object.fromEntries(ROUTER_SETTINGS.map((s) => [settingLabel(s), settings[s]]));
}
function runningSettings(info) {
  const labels = info.Config.Labels ?? {};
  const bindings = info.HostConfig?.PortBindings ?? {};
  const binding = (port) => bindings[`${port}/tcp`]?.[0];
  const derived = {
    "router-image": info.Config.Image,
    ...binding(LIVE_PORT) ? { "live-port": binding(LIVE_PORT)?.HostPort ?? "" } : {},
    ...binding(PREVIEW_PORT) ? { "preview-port": binding(PREVIEW_PORT)?.HostPort ?? "" } : {},
    ...binding(LIVE_PORT)?.HostIp !== void 0 ? { "publish-address": binding(LIVE_PORT)?.HostIp || "0.0.0.0" } : {}
  };
  const recorded = Object.fromEntries(
    ROUTER_SETTINGS.flatMap(
      (s) => labels[settingLabel(s)] !== void 0 ? [[s, labels[settingLabel(s)]]] : []
    )
  );
  return { ...derived, ...recorded };
}
function settingChanges(running, requested) {
  return ROUTER_SETTINGS.flatMap((setting) => {
    const now = running[setting];
    return now !== void 0 && requested[setting] !== "" && now !== requested[setting] ? [{ setting, running: now, requested: requested[setting] }] : [];
  });
}
function settingsChangedError(environment, router, changes) {
  const list = changes.map((c) => `${c.setting} ${c.running} (this run asks for ${c.requested})`).join(", ");
  const keep = changes.map((c) => `${c.setting}: ${c.running}`).join(", ");
  return new GreenlightError(
    `${environment} runs with ${list}: greenlight does not change a running environment's router, since its clients would be cut off`,
    {
      hint: `keep ${keep}; or apply the change as the README's "Changing ports or the router image" says: deploy a new environment with the new settings and move traffic to it, or accept an outage of the live endpoint: docker rm -f ${router}, then deploy again (the colors keep running; the router is created with the new settings)`
    }
  );
}

// src/deploy/docker/remembered.ts
var IMAGE_LABEL = `${LABEL}.image`;
var LEDGER_LABEL = `${LABEL}.ledger-repository`;
async function rememberedOnDocker(docker, app, environment) {
  const routers = app ? await routersNamed(docker, app, environment) : await routersListed(docker, environment);
  if (!routers.length) return void 0;
  soleApp(
    environment,
    "on this Docker engine",
    routers.map((r) => r.Config.Labels?.[APP_LABEL] ?? "")
  );
  const router = routers[0];
  return { where: `router ${router.Name.replace(/^\//, "")}`, values: settingsOf(router) };
}
async function routersNamed(docker, app, environment) {
  const isRouter = (r) => {
    const labels = r.Config.Labels ?? {};
    return labels[ENV_LABEL] === environment && labels[APP_LABEL] === app && labels[`${LABEL}.role`] === "router";
  };
  const found = await inspectContainers(docker, [
    environmentNames(app, environment).router,
    legacyNames(app, environment).router
  ]);
  return [...found.values()].filter(isRouter);
}
async function routersListed(docker, environment) {
  const filters = [`label=${ENV_LABEL}=${environment}`, `label=${LABEL}.role=router`];
  const listed = await docker([
    "ps",
    "-a",
    ...filters.flatMap((f) => ["--filter", f]),
    "--format",
    "{{.Names}}"
  ]);
  const names = listed.stdout.split("\n").filter(Boolean);
  return names.length ? [...(await inspectContainers(docker, names)).values()] : [];
}
function settingsOf(router) {
  const labels = router.Config.Labels ?? {};
  const running = runningSettings(router);
  const values = {
    target: "docker",
    "live-port": running["live-port"],
    "preview-port": running["preview-port"],
    "container-port": running["container-port"],
    "router-image": running["router-image"],
    "preview-address": running["preview-address"],
    app: labels[APP_LABEL],
    image: labels[IMAGE_LABEL],
    "ledger-repository": labels[LEDGER_LABEL]
  };
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v));
}

export {
  NAME_RULE,
  isEnvironmentPart,
  checkEnvironmentPart,
  environmentNames,
  legacyNames,
  foreignOwner,
  requireOwner,
  CONFIG_DIR,
  MAP_PATH,
  RUNTIME_PORT,
  LIVE_PORT,
  PREVIEW_PORT,
  routerConfig,
  fallbackCommand,
  mapFile,
  setMapCommand,
  parseShowMap,
  parseServersState,
  settingLabels,
  runningSettings,
  settingChanges,
  settingsChangedError,
  IMAGE_LABEL,
  LEDGER_LABEL,
  rememberedOnDocker
};
//# sourceMappingURL=chunk-27S7CDBD.mjs.map
