// The default router-image's path: the official haproxy image has bash but no nc (no busybox, a
// Debian base without netcat) and runs as USER haproxy. It cannot be pulled here, so
// greenlight-router-bash:local (images/router-bash, built by stack.sh) stands in for it: Debian's
// HAProxy, bash and cat FROM scratch, uid 99. v1, v2 and a warm rollback go through it; the engine's
// own event log shows every runtime-API call went through bash's /dev/tcp, and a keep-alive poller
// of the live port sees no failed request across the switches.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "../../src/deploy/bluegreen";
import { environmentNames } from "../../src/deploy/docker/names";
import type { DockerTarget } from "../../src/deploy/docker/target";
import { rollback } from "../../src/deploy/promote";
import { status } from "../../src/deploy/status";
import { exec } from "../../src/exec";
import { httpChecksGate, watchGate } from "../../src/gate/gates";
import type { RegistryLedger } from "../../src/ledger/registry-store";
import { MemoryLogger } from "../../src/log";
import { type Poller, type PollResult, startPoller } from "../support/runner";
import { dockerConfig, get, pushApp, registryLedger, stack, testTarget, uniqueApp } from "./deploy.support";

const app = uniqueApp("official");
const router = environmentNames(app, "test").router;
const routerImage = stack.routerBashImage ?? "";
const body = (version: string) => `greenlight sample app ${version}`;
let target: DockerTarget;
let ledger: RegistryLedger;
let poller: Poller | undefined;
let since = "";
const images: Record<string, string> = {};

function options(version: string) {
  return {
    target,
    ledger,
    log: new MemoryLogger(),
    app,
    environment: "test",
    actor: "router-official-test",
    previewGates: [httpChecksGate([{ path: "/healthz" }, { path: "/", body: `app ${version}` }])],
    watch: watchGate({ checks: [{ path: "/healthz" }], seconds: 1, intervalSeconds: 0.5 }),
    // provenance is not what these tests are about: a switch is verified by a check that passes
    verify: async () => undefined,
  };
}

/** The commands the engine ran in the router by `docker exec` since `from` (its event log). */
async function routerExecs(from: string): Promise<string[]> {
  const events = await exec("docker", [
    ...["events", "--since", from, "--until", String(Math.ceil(Date.now() / 1000) + 1)],
    ...["--filter", `container=${router}`, "--filter", "event=exec_create", "--format", "{{.Action}}"],
  ]);
  return events.stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => line.replace(/^exec_create: /, ""));
}

beforeAll(async () => {
  if (!routerImage)
    throw new Error("stack.env has no GREENLIGHT_ROUTER_BASH_IMAGE: run `bash scripts/stack.sh up`");
  since = String(Math.floor(Date.now() / 1000) - 1);
  const config = await dockerConfig();
  for (const version of ["v1", "v2"]) images[version] = await pushApp(config, `test/${app}`, version);
  target = await testTarget(app, config, { routerImage });
  ledger = registryLedger(`test/${app}-ledger`, "test");
}, 180_000);

afterAll(async () => {
  await poller?.stop();
  await target?.destroy();
});

describe(`the official haproxy image's path (${routerImage}: bash, no nc, USER haproxy)`, () => {
  it("the stand-in has bash and no nc, and runs as haproxy", async () => {
    const user = await exec("docker", ["image", "inspect", "-f", "{{.Config.User}}", routerImage]);
    expect(user.stdout.trim()).toBe("haproxy");
    const tools = await exec(
      "docker",
      ["run", "--rm", "--entrypoint", "bash", routerImage, "-c", 'echo "$UID"; command -v nc busybox'],
      { allowFailure: true },
    );
    expect(tools.stdout.trim()).toBe("99");
  });

  it("deploys v1 through a router that runs as uid 99", async () => {
    const result = await deploy({ ...options("v1"), image: images.v1 as string });
    expect(result).toMatchObject({ outcome: "promoted", color: "blue", liveColor: "blue" });
    expect((await get(result.liveUrl)).body).toBe(body("v1"));
    const top = await exec("docker", ["top", router, "-o", "pid,uid,comm"]);
    expect(top.stdout).toMatch(/^\s*\d+\s+99\s+haproxy\s*$/m);
    poller = startPoller(result.liveUrl, { intervalMs: 10, maxRequests: 20_000, maxMs: 300_000 });
    await poller.sees(body("v1"));
  });

  it("deploys v2: live serves v2, preview keeps v1 warm", async () => {
    const started = performance.now();
    const result = await deploy({ ...options("v2"), image: images.v2 as string });
    console.log(`v2 deploy through the bash router: ${Math.round(performance.now() - started)} ms`);
    expect(result).toMatchObject({ outcome: "promoted", color: "green", liveColor: "green" });
    expect((await get(result.liveUrl)).body).toBe(body("v2"));
    expect((await get(result.previewUrl)).body).toBe(body("v1"));
  });

  it("rolls back by switching to the warm v1", async () => {
    const started = performance.now();
    const result = await rollback(options("v1"));
    console.log(`warm rollback through the bash router: ${Math.round(performance.now() - started)} ms`);
    expect(result).toMatchObject({ action: "rollback", outcome: "promoted", color: "blue" });
    expect((await get(result.liveUrl)).body).toBe(body("v1"));
    expect((await get(result.previewUrl)).body).toBe(body("v2"));
    const report = await status({ target, ledger });
    expect(report.liveDigest).toBe(images.v1?.split("@")[1]);
    expect(report.drift).toEqual([]);
  });

  it("the live port answered every request across both switches", async () => {
    const result: PollResult = await (poller as Poller).stop();
    poller = undefined;
    console.log(
      `poller: ${result.sent} requests in ${result.ms} ms, ${result.failed} failed; bodies ${JSON.stringify(result.bodies)}`,
    );
    expect(result.bounded).toBe(false);
    expect(result.failures).toEqual([]);
    expect(Object.keys(result.bodies).sort()).toEqual([body("v1"), body("v2")]);
  });

  it("every runtime-API call went through bash's /dev/tcp (nc was tried and not found)", async () => {
    const execs = await routerExecs(since);
    const bash = execs.filter((c) => c.startsWith('bash -c exec 3<>"/dev/tcp/$1/$2"'));
    const other = execs.filter((c) => !c.startsWith("bash ") && !c.startsWith("nc "));
    console.log(
      `router execs: ${bash.length} through bash /dev/tcp, ${execs.length - bash.length} nc attempts`,
    );
    expect(other).toEqual([]);
    // each target instance tries nc once, finds it missing and stays on bash from then on
    expect(execs.filter((c) => c.startsWith("nc ")).length).toBeLessThanOrEqual(1);
    expect(bash.filter((c) => c.endsWith(" 127.0.0.1 9999")).length).toBeGreaterThan(4);
    // the readiness probe of each started color went through bash too (address and port as arguments)
    expect(bash.some((c) => / 8080$/.test(c))).toBe(true);
  });

  it("a restarted router keeps the last switch (the map file written into a root-owned dir)", async () => {
    await exec("docker", ["restart", router]);
    await target.prepare();
    expect((await target.readState()).live).toBe("blue");
    expect((await get(target.endpoints().liveUrl)).body).toBe(body("v1"));
  });
});
