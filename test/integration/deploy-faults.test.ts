// Faults during a real blue-green deploy on the stack, with a client polling the live port the whole
// time: the path to the Docker Engine cut (a loopback proxy in front of the engine's socket, or in
// front of the stack's sshd for `docker-host: ssh://`, closed by the test; the shared dockerd and
// sshd keep running), the router removed by hand between stage and
// switch, and the new color crashing during the watch. Each: the deploy fails clearly (never hangs),
// what the poller lost is counted and printed, and a rerun with the path restored converges.
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "../../src/deploy/bluegreen";
import { environmentNames } from "../../src/deploy/docker/names";
import { DockerTarget } from "../../src/deploy/docker/target";
import type { NamedGate } from "../../src/deploy/result";
import { exec } from "../../src/exec";
import { watchLive } from "../../src/gate/watch";
import { MemoryLogger } from "../../src/log";
import { docTable } from "../support/reliability-doc";
import { type PollResult, repoRoot, startPoller } from "../support/runner";
import { socketProxy } from "../support/socket-proxy";
import { sshHome } from "../support/ssh-home";
import { loadStack } from "../support/stack";
import { dockerConfig, get, pushApp, registryLedger, testTarget, uniqueApp } from "./deploy.support";

const stack = loadStack();
const DOCKER_SOCKET = (process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock").replace(/^unix:\/\//, "");

interface Figures {
  fault: string;
  requests: number;
  lost: number;
  /** Lost while the faulted run ran (the rest: during the rerun). */
  lostInFaultedRun: number;
  firstRun: string;
  rerun: string;
}
const figures: Figures[] = [];

/** How the target reaches the engine: its socket, or the stack's sshd (`docker-host: ssh://`). */
type Path = "engine" | "ssh";

/** The proxy in front of that path, and the docker CLI's environment through it. */
async function proxiedPath(path: Path, config: string) {
  if (path === "engine") {
    const proxy = await socketProxy({ path: DOCKER_SOCKET });
    return { proxy, env: { DOCKER_CONFIG: config, DOCKER_HOST: `tcp://127.0.0.1:${proxy.port}` } };
  }
  const sshd = new URL(stack.sshHost ?? "");
  const proxy = await socketProxy({ host: sshd.hostname, port: Number(sshd.port) });
  const ssh = await sshHome(stack, await mkdtemp(join(tmpdir(), "gl-faults-ssh-")), { anyPort: true });
  sshd.port = String(proxy.port);
  return { proxy, env: { DOCKER_CONFIG: config, DOCKER_HOST: sshd.toString(), ...ssh.env } };
}

/** One environment per fault: v1 live through a proxied path to the engine, a poller on live. */
async function environment(prefix: string, path: Path = "engine") {
  const app = uniqueApp(prefix);
  const repo = `test/${app}`;
  const config = await dockerConfig();
  const v1 = await pushApp(config, repo, "v1");
  const v2 = await pushApp(config, repo, "v2");
  const { proxy, env } = await proxiedPath(path, config);
  const direct = await testTarget(app, config, { startTimeoutMs: 30_000 });
  const target = new DockerTarget({ ...direct.options, docker: { env } });
  const ledger = registryLedger(`test/${app}-ledger`, "test");
  const base = {
    target,
    ledger,
    log: new MemoryLogger(),
    app,
    environment: "test",
    actor: "deploy-faults-test",
    // a dead run's lock frees within this, as the heartbeat lease will (issue 9, item 1)
    lockTtlMs: 10_000,
    lockTimeoutMs: 60_000,
  };
  await deploy({ ...base, image: v1 });
  const { liveUrl } = target.endpoints();
  expect((await get(liveUrl)).body).toBe("greenlight sample app v1");
  return { app, v1, v2, proxy, target, direct, ledger, base, liveUrl };
}
type Env = Awaited<ReturnType<typeof environment>>;
const envs: Env[] = [];

/** A gate that does `act` and passes: the hook that injects a fault at that point of the deploy. */
function hook(name: string, act: () => Promise<void>): NamedGate {
  return {
    name,
    kind: "command",
    run: async () => {
      await act();
      return { name, kind: "command", passed: true, detail: "fault injected", durationMs: 0 };
    },
  };
}

/** A watch that injects the fault first, then watches live for `seconds` like the real watch. */
function watchWith(fault: () => Promise<void>, liveUrl: string, seconds: number): NamedGate {
  return {
    name: "watch",
    kind: "watch",
    run: async () => {
      await fault();
      return watchLive(liveUrl, {
        checks: [{ path: "/healthz", status: 200, retries: 1, intervalMs: 0 }],
        seconds,
        intervalSeconds: 1,
      });
    },
  };
}

function poll(env: Env) {
  const started = Date.now();
  const poller = startPoller(env.liveUrl, { intervalMs: 20, maxRequests: 50_000, maxMs: 600_000 });
  let faultedRunEnd = Number.POSITIVE_INFINITY;
  return {
    ...poller,
    started,
    /** Marks the end of the faulted run: losses after it are the rerun's. */
    faultedRunDone: () => {
      faultedRunEnd = Date.now() - started;
    },
    faultedRunEnd: () => faultedRunEnd,
  };
}

function outcome(result: unknown): string {
  if (result instanceof Error) {
    const steps = (
      result as { result?: { timeline?: { step: string; outcome?: string; durationMs?: number }[] } }
    ).result?.timeline;
    if (steps) console.log(`timeline: ${JSON.stringify(steps)}`);
    return `failed: ${result.message.split("\n")[0]?.slice(0, 160)}`;
  }
  return `ok: ${(result as { outcome: string }).outcome}`;
}

async function settle(name: string, poller: ReturnType<typeof poll>, first: unknown, rerun: unknown) {
  const polled: PollResult = await poller.stop();
  // each failure starts with the ms since the poller started
  const inFaulted = polled.failures.filter((f) => Number.parseInt(f, 10) <= poller.faultedRunEnd()).length;
  figures.push({
    fault: name,
    requests: polled.sent,
    lost: polled.failed,
    lostInFaultedRun: inFaulted,
    firstRun: outcome(first),
    rerun: outcome(rerun),
  });
  console.log(
    `${name}: ${polled.sent} requests, ${polled.failed} lost (${inFaulted} in the faulted run) ${JSON.stringify(polled.bodies)} ${polled.failures.slice(0, 5).join("; ")}`,
  );
  return { ...polled, inFaulted };
}

beforeAll(async () => {
  await exec("docker", ["version", "--format", "{{.Server.Version}}"]);
});

afterAll(async () => {
  for (const env of envs) {
    await env.proxy.close();
    await env.direct.destroy();
  }
  await mkdir(join(repoRoot, ".greenlight"), { recursive: true });
  await writeFile(join(repoRoot, ".greenlight/deploy-faults.json"), `${JSON.stringify(figures, null, 2)}\n`);
  console.log(
    [
      "| fault | requests | lost (in the faulted run) | first run | rerun |",
      "|---|---|---|---|---|",
      ...figures.map(
        (f) =>
          `| ${f.fault} | ${f.requests} | ${f.lost} (${f.lostInFaultedRun}) | ${f.firstRun} | ${f.rerun} |`,
      ),
    ].join("\n"),
  );
});

describe("deploy faults: live keeps serving, a rerun converges", () => {
  // the path to the engine cut in a preview gate, right before the switch
  it("engine unreachable before the switch", async () => {
    const env = await environment("cutsw");
    envs.push(env);
    const poller = poll(env);
    const first = await deploy({
      ...env.base,
      image: env.v2,
      previewGates: [hook("cut the engine", () => env.proxy.cut())],
    }).catch((e: unknown) => e);
    poller.faultedRunDone();
    expect(first).toBeInstanceOf(Error);
    expect(String((first as Error).message)).toMatch(/docker|connect|daemon/i);
    expect((await get(env.liveUrl)).body).toBe("greenlight sample app v1");
    await env.proxy.restore();
    const rerun = await deploy({ ...env.base, image: env.v2 });
    expect(rerun.outcome).toBe("promoted");
    expect((await get(env.liveUrl)).body).toBe("greenlight sample app v2");
    const polled = await settle("engine unreachable before the switch", poller, first, rerun);
    expect(polled.failures).toEqual([]);
    expect((await env.ledger.history()).at(-1)).toMatchObject({
      outcome: "promoted",
      digest: env.v2.split("@")[1],
    });
  }, 300_000);

  // the same over `docker-host: ssh://`: the ssh connection (a multiplexed master) cut before the switch
  it("ssh connection cut before the switch", async () => {
    const env = await environment("cutssh", "ssh");
    envs.push(env);
    const poller = poll(env);
    // v1 went live through sshd, on one multiplexed connection (ControlMaster)
    const connectionsBefore = env.proxy.connections();
    expect(connectionsBefore).toBeGreaterThan(0);
    const first = await deploy({
      ...env.base,
      image: env.v2,
      previewGates: [hook("cut the ssh connection", () => env.proxy.cut())],
    }).catch((e: unknown) => e);
    poller.faultedRunDone();
    expect(first).toBeInstanceOf(Error);
    expect(String((first as Error).message)).toMatch(/docker|connect|ssh/i);
    expect((await get(env.liveUrl)).body).toBe("greenlight sample app v1");
    await env.proxy.restore();
    const rerun = await deploy({ ...env.base, image: env.v2 });
    expect(rerun.outcome).toBe("promoted");
    // the rerun connected again: ssh did not keep a dead master
    expect(env.proxy.connections()).toBeGreaterThan(connectionsBefore);
    expect((await get(env.liveUrl)).body).toBe("greenlight sample app v2");
    const polled = await settle("ssh connection cut before the switch", poller, first, rerun);
    expect(polled.failures).toEqual([]);
    expect((await env.ledger.history()).at(-1)).toMatchObject({
      outcome: "promoted",
      digest: env.v2.split("@")[1],
    });
  }, 300_000);

  // cut as the watch starts: the switch is done, its record and the watch's own checks are not
  it("engine unreachable during the watch", async () => {
    const env = await environment("cutwa");
    envs.push(env);
    const poller = poll(env);
    const first = await deploy({
      ...env.base,
      image: env.v2,
      watch: watchWith(() => env.proxy.cut(), env.liveUrl, 2),
    }).catch((e: unknown) => e);
    poller.faultedRunDone();
    // live is on v2 or back on v1, never down
    expect((await get(env.liveUrl)).status).toBe(200);
    await env.proxy.restore();
    const rerun = await deploy({ ...env.base, image: env.v2 });
    expect(rerun.outcome).toBe("promoted");
    expect((await get(env.liveUrl)).body).toBe("greenlight sample app v2");
    const polled = await settle("engine unreachable during the watch", poller, first, rerun);
    expect(polled.failures).toEqual([]);
    expect((await env.ledger.history()).at(-1)).toMatchObject({
      outcome: "promoted",
      digest: env.v2.split("@")[1],
    });
  }, 300_000);

  // `docker rm -f` of the router in a preview gate: the switch creates it again
  it("router removed by hand between stage and switch", async () => {
    const env = await environment("rmrt");
    envs.push(env);
    const router = environmentNames(env.app, "test").router;
    const poller = poll(env);
    const first = await deploy({
      ...env.base,
      image: env.v2,
      previewGates: [
        hook("docker rm -f the router", async () => void (await exec("docker", ["rm", "-f", router]))),
      ],
    }).catch((e: unknown) => e);
    poller.faultedRunDone();
    // greenlight did not remove it, but it serves live again as soon as it switches
    expect(outcome(first)).toBe("ok: promoted");
    expect((await get(env.liveUrl)).body).toBe("greenlight sample app v2");
    // the rerun finds v2 live and recorded: nothing to do
    const rerun = await deploy({ ...env.base, image: env.v2 });
    expect(rerun.outcome).toBe("unchanged");
    expect((await get(env.liveUrl)).body).toBe("greenlight sample app v2");
    // what the poller lost is the window the router was gone, from the `docker rm` to the switch
    await settle("router removed by hand between stage and switch", poller, first, rerun);
  }, 300_000);

  // `docker kill` of the new color as the watch starts; its restart policy brings it back
  it("new color crashes during the watch", async () => {
    const env = await environment("crash");
    envs.push(env);
    const green = environmentNames(env.app, "test").colors.green;
    const poller = poll(env);
    const first = await deploy({
      ...env.base,
      image: env.v2,
      watch: watchWith(async () => void (await exec("docker", ["kill", green])), env.liveUrl, 4),
    }).catch((e: unknown) => e);
    poller.faultedRunDone();
    expect(outcome(first)).toMatch(/failed: .*watch/);
    expect((await get(env.liveUrl)).body).toBe("greenlight sample app v1");
    expect((await env.ledger.history()).at(-1)).toMatchObject({ outcome: "failed" });
    const rerun = await deploy({ ...env.base, image: env.v2 });
    expect(rerun.outcome).toBe("promoted");
    expect((await get(env.liveUrl)).body).toBe("greenlight sample app v2");
    const polled = await settle("new color crashes during the watch", poller, first, rerun);
    // Before the fallback server, HAProxy answered 503 between the crash and the switch back (1 to
    // 23 requests a run); now the crashed color is marked down on its first refused connection and
    // the previous color serves.
    expect(polled.failures).toEqual([]);
  }, 300_000);
});

describe("docs/reliability.md", () => {
  it("says what was measured: each fault's first run and rerun, and 0 lost only where 0 were lost", () => {
    const doc = new Map(docTable("Deploy faults").map((row) => [row[0], row]));
    for (const f of figures) {
      const [, , , lost, first, rerun] = doc.get(f.fault) ?? [];
      expect(first, f.fault).toMatch(
        new RegExp(`^${f.firstRun.startsWith("failed") ? "failed" : f.firstRun.slice(4)}`),
      );
      expect(rerun, f.fault).toBe(f.rerun.replace(/^ok: /, ""));
      if (lost === "0") expect(f.lost, `${f.fault}: the doc says 0 lost`).toBe(0);
    }
  });
});
