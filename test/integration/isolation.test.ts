// Environments never share Docker objects, and a changed router setting is refused, on the real
// stack. `shop` + `api-prod` and `shop-api` + `prod` once both made `shop-api-prod-*`: the second
// deploy took over the first one's router and colors and its own live port was never served.
// Here both deploy side by side, each on its own live port, neither touching the other's containers;
// an environment deployed with the old names keeps them (a poller of its live port loses nothing
// across a deploy); an object under an environment's name with another owner's labels is refused;
// a deploy asking for other ports, container port or router image is refused and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "../../src/deploy/bluegreen";
import { LIVE_PORT, mapFile, PREVIEW_PORT, routerConfig } from "../../src/deploy/docker/haproxy";
import { environmentNames, legacyNames } from "../../src/deploy/docker/names";
import type { DockerTarget, DockerTargetOptions } from "../../src/deploy/docker/target";
import { exec } from "../../src/exec";
import { httpChecksGate } from "../../src/gate/gates";
import { MemoryLogger } from "../../src/log";
import { startPoller } from "../support/runner";
import {
  containers,
  dockerConfig,
  freePort,
  get,
  MemoryLedger,
  pushApp,
  sameTarget,
  stack,
  testTarget,
  uniqueApp,
} from "./deploy.support";

const shop = uniqueApp("iso");
const pairs = {
  x: { app: shop, environment: "api-prod" },
  y: { app: `${shop}-api`, environment: "prod" },
};
const legacyApp = uniqueApp("isoold");
const repo = `test/${shop}`;
const images: Record<string, string> = {};
const targets: DockerTarget[] = [];
let config = "";

async function target(app: string, environment: string, extra: Partial<DockerTargetOptions> = {}) {
  const made = await testTarget(app, config, { environment, ...extra });
  targets.push(made);
  return made;
}

const ledgers = new Map<string, MemoryLedger>();

function run(t: DockerTarget, version: string) {
  const key = `${t.options.app}/${t.options.environment}`;
  const ledger = ledgers.get(key) ?? new MemoryLedger();
  ledgers.set(key, ledger);
  return deploy({
    target: t,
    ledger,
    log: new MemoryLogger(),
    app: t.options.app,
    environment: t.options.environment,
    actor: "isolation-test",
    image: images[version] as string,
    previewGates: [httpChecksGate([{ path: "/", body: `app ${version}` }])],
  });
}

/** Id of each container of the environment, by name. */
async function ids(app: string, environment: string): Promise<Record<string, string>> {
  const out = await exec("docker", [
    ...["ps", "-a", "--filter", `label=dev.greenlight.app=${app}`],
    ...["--filter", `label=dev.greenlight.env=${environment}`, "--format", "{{.Names}} {{.ID}}"],
  ]);
  return Object.fromEntries(
    out.stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split(" ") as [string, string]),
  );
}

const failure = (error: unknown) => {
  const e = error as Error & { hint?: string; cause?: Error & { hint?: string } };
  return [e.message, e.hint, e.cause?.message, e.cause?.hint].filter(Boolean).join("\n");
};

beforeAll(async () => {
  config = await dockerConfig();
  for (const version of ["v1", "v2", "v3"]) images[version] = await pushApp(config, repo, version);
});
afterAll(async () => {
  for (const t of targets) await t.destroy();
});

describe("two environments whose old names collided", () => {
  it("deploy side by side, each served on its own live port, neither touching the other", async () => {
    expect(legacyNames(pairs.x.app, pairs.x.environment).router).toBe(
      legacyNames(pairs.y.app, pairs.y.environment).router,
    );
    const x = await target(pairs.x.app, pairs.x.environment);
    const y = await target(pairs.y.app, pairs.y.environment);
    const first = await run(x, "v1");
    const xBefore = await ids(pairs.x.app, pairs.x.environment);
    // the first environment's live port loses nothing while the second deploys
    const poller = startPoller(first.liveUrl, { maxRequests: 20_000, maxMs: 120_000 });
    const second = await run(y, "v2").finally(async () => {
      const polled = await poller.stop();
      console.info(`collision: ${JSON.stringify({ ...polled, bodies: undefined })}`);
      expect(polled.failures).toEqual([]);
      expect(polled.bodies).toEqual({ "greenlight sample app v1": polled.sent });
    });
    expect((await get(first.liveUrl)).body).toBe("greenlight sample app v1");
    expect((await get(second.liveUrl)).body).toBe("greenlight sample app v2");
    expect(await ids(pairs.x.app, pairs.x.environment)).toEqual(xBefore);
    const xNames = environmentNames(pairs.x.app, pairs.x.environment);
    const yNames = environmentNames(pairs.y.app, pairs.y.environment);
    expect(await containers(pairs.x.app, pairs.x.environment)).toEqual([xNames.colors.blue, xNames.router]);
    expect(await containers(pairs.y.app, pairs.y.environment)).toEqual([yNames.colors.blue, yNames.router]);
    // and the next deploy of the first touches only its own containers
    const yBefore = await ids(pairs.y.app, pairs.y.environment);
    await run(x, "v3");
    expect(await ids(pairs.y.app, pairs.y.environment)).toEqual(yBefore);
    expect((await get(first.liveUrl)).body).toBe("greenlight sample app v3");
    expect((await get(second.liveUrl)).body).toBe("greenlight sample app v2");
  });

  it("an object under an environment's name that another owns is refused, naming the owner", async () => {
    const z = await target(uniqueApp("isoz"), "test");
    const names = environmentNames(z.options.app, "test");
    await exec("docker", [
      ...["container", "create", "--name", names.colors.blue, "--network", "none"],
      ...["--label", "dev.greenlight.app=someone-else", "--label", "dev.greenlight.env=prod"],
      stack.routerImage,
    ]);
    try {
      const error = await run(z, "v1").catch((e: unknown) => e);
      expect(failure(error)).toContain(
        `container ${names.colors.blue} belongs to app 'someone-else', environment 'prod', not to app '${z.options.app}'`,
      );
      const left = await exec("docker", [
        "inspect",
        "--format",
        '{{index .Config.Labels "dev.greenlight.app"}}',
        names.colors.blue,
      ]);
      expect(left.stdout.trim()).toBe("someone-else");
    } finally {
      await exec("docker", ["rm", "-f", names.colors.blue], { allowFailure: true });
    }
  });
});

describe("an environment deployed with the old names", () => {
  /** The layout greenlight made before names were injective: network and router, labelled, no settings labels. */
  async function legacyEnvironment(options: DockerTargetOptions) {
    const names = legacyNames(options.app, options.environment);
    const labels = [
      "--label",
      `dev.greenlight.app=${options.app}`,
      "--label",
      `dev.greenlight.env=${options.environment}`,
    ];
    await exec("docker", ["network", "create", ...labels, names.network]);
    await exec("docker", [
      ...[
        "container",
        "create",
        "--name",
        names.router,
        "--network",
        names.network,
        "--restart",
        "unless-stopped",
      ],
      ...["--publish", `127.0.0.1:${options.livePort}:${LIVE_PORT}`],
      ...["--publish", `127.0.0.1:${options.previewPort}:${PREVIEW_PORT}`],
      ...labels,
      ...["--label", "dev.greenlight.role=router", options.routerImage as string],
    ]);
    const { mkdtemp, writeFile } = await import("node:fs/promises");
    const dir = await mkdtemp("/tmp/gl-legacy-router-");
    await writeFile(
      `${dir}/haproxy.cfg`,
      routerConfig({ servers: names.colors, containerPort: 8080, healthPath: "/healthz" }),
    );
    await writeFile(`${dir}/colors.map`, mapFile({ live: "none", preview: "none" }));
    await exec("docker", ["cp", `${dir}/.`, `${names.router}:/usr/local/etc/haproxy/`]);
    await exec("docker", ["start", names.router]);
    return names;
  }

  it("keeps them: deploys go to the old router and colors, and live loses no request", async () => {
    const t = await target(legacyApp, "test");
    const names = await legacyEnvironment(t.options);
    const routerId = (await ids(legacyApp, "test"))[names.router];
    const first = await run(t, "v1");
    expect((await get(first.liveUrl)).body).toBe("greenlight sample app v1");
    const poller = startPoller(first.liveUrl, { maxRequests: 20_000, maxMs: 120_000 });
    try {
      await run(sameTarget(t, {}), "v2");
      await poller.sees("greenlight sample app v2");
    } finally {
      const polled = await poller.stop();
      console.info(`legacy: ${JSON.stringify({ ...polled, bodies: undefined })}`);
      expect(polled.failures).toEqual([]);
      expect(polled.bounded).toBe(false);
    }
    expect(await containers(legacyApp, "test")).toEqual([
      names.colors.blue,
      names.colors.green,
      names.router,
    ]);
    expect((await ids(legacyApp, "test"))[names.router]).toBe(routerId);
    // a changed port is refused for an old router too (read from its published ports)
    const moved = sameTarget(t, { livePort: await freePort() });
    const error = await run(moved, "v3").catch((e: unknown) => e);
    expect(failure(error)).toContain(
      `runs with live-port ${t.options.livePort} (this run asks for ${moved.options.livePort})`,
    );
  });
});

describe("a changed router setting", () => {
  let t: DockerTarget;
  let routerId = "";
  beforeAll(async () => {
    t = await target(uniqueApp("isocfg"), "test");
    await run(t, "v1");
    routerId = (await ids(t.options.app, "test"))[environmentNames(t.options.app, "test").router] ?? "";
  });

  it.each<[string, () => Promise<Partial<DockerTargetOptions>>, (o: DockerTargetOptions) => string]>([
    ["live-port", async () => ({ livePort: await freePort() }), (o) => String(o.livePort)],
    ["preview-port", async () => ({ previewPort: await freePort() }), (o) => String(o.previewPort)],
    ["container-port", async () => ({ containerPort: 3000 }), (o) => String(o.containerPort ?? 8080)],
    ["router-image", async () => ({ routerImage: "haproxy:9.9" }), (o) => o.routerImage as string],
  ])(
    "%s is refused, naming the running and the requested value; nothing changes",
    async (setting, other, value) => {
      const changed = sameTarget(t, await other());
      const error = await run(changed, "v2").catch((e: unknown) => e);
      expect(failure(error)).toContain(
        `runs with ${setting} ${value(t.options)} (this run asks for ${value(changed.options)})`,
      );
      expect(failure(error)).toContain('"Changing ports or the router image"');
      expect((await get(t.endpoints().liveUrl)).body).toBe("greenlight sample app v1");
      const now = await ids(t.options.app, "test");
      expect(now[environmentNames(t.options.app, "test").router]).toBe(routerId);
      expect(Object.keys(now)).toHaveLength(2);
    },
  );

  it("the same settings deploy as before", async () => {
    await run(sameTarget(t, {}), "v2");
    expect((await get(t.endpoints().liveUrl)).body).toBe("greenlight sample app v2");
  });
});
