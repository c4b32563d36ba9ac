// The target conformance table (test/support/conformance.ts) against the Docker target: the same
// scenarios the fake and the Kubernetes cluster run, on real containers behind the HAProxy router.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { DockerTarget } from "../../src/deploy/docker/target";
import type { Target } from "../../src/deploy/target";
import { exec } from "../../src/exec";
import { type ConformanceHarness, environment, type Release, SCENARIOS } from "../support/conformance";
import { dockerConfig, pushApp, stack, testTarget, uniqueApp } from "./deploy.support";

/** GET with a fresh connection each time: what a new client sees. */
async function fresh(url: string): Promise<{ status: number; body: string }> {
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(5000),
      headers: { connection: "close" },
    });
    return { status: response.status, body: (await response.text()).trim() };
  } catch (error) {
    return { status: 0, body: String((error as Error).cause ?? error) };
  }
}

describe("Docker target conformance", () => {
  let config = "";
  const releases: Release[] = [];
  const targets: DockerTarget[] = [];
  const env = () => ({ env: { DOCKER_CONFIG: config } });

  const harness: ConformanceHarness = {
    get releases() {
      return releases as unknown as ConformanceHarness["releases"];
    },
    unstartable: {
      // a digest the registry does not have: the engine cannot pull it
      image: `${stack.registry}/test/gl-docker-absent@sha256:${"0".repeat(64)}`,
      reason: /manifest unknown|not found|pull/i,
    },
    async environment() {
      const app = uniqueApp("conf");
      const target = await testTarget(app, config);
      targets.push(target);
      return { target, app, environment: "test" };
    },
    async settle(url, expected) {
      let last = "";
      for (let i = 0; i < 100; i++) {
        const answer = await fresh(url);
        last = answer.status === 200 ? answer.body : `HTTP ${answer.status} ${answer.body}`;
        if (last === expected) return last;
        await sleep(100);
      }
      return last;
    },
    async tamper(t: Target, color, image) {
      // a hand edit: the color's container replaced by another image, greenlight's labels copied over
      const target = t as DockerTarget;
      const names = await target.names();
      const name = names.colors[color];
      const labels = JSON.parse(
        (await exec("docker", ["inspect", "--format", "{{json .Config.Labels}}", name], env())).stdout,
      ) as Record<string, string>;
      await exec("docker", ["rm", "-f", name], env());
      await exec(
        "docker",
        [
          ...["run", "--detach", "--name", name, "--network", names.network],
          ...Object.entries(labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]),
          image,
        ],
        env(),
      );
    },
    async plantDeadLock(t: Target) {
      const target = t as DockerTarget;
      const names = await target.names();
      const long = new Date(Date.now() - 60_000).toISOString();
      const labels = {
        "dev.greenlight.app": target.options.app,
        "dev.greenlight.env": target.options.environment,
        "dev.greenlight.role": "lock",
        "dev.greenlight.lock.owner": "killed run",
        "dev.greenlight.lock.expires": long,
        "dev.greenlight.lock.lease-ms": "5000",
        "dev.greenlight.lock.acquired": long,
      };
      await exec(
        "docker",
        [
          ...["container", "create", "--name", names.lock, "--network", "none"],
          ...Object.entries(labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]),
          stack.routerImage,
        ],
        env(),
      );
      return { validityMs: 5000, renewMs: 1500 };
    },
    lockWaitMs: 2000,
  };

  beforeAll(async () => {
    config = await dockerConfig();
    const repo = `test/${uniqueApp("dconf")}`;
    for (const v of ["v1", "v2", "v3"]) {
      const version = `${v}-${repo.slice(-6)}`;
      releases.push({
        image: await pushApp(config, repo, version),
        body: `greenlight sample app ${version}`,
      });
    }
  }, 180_000);

  afterAll(async () => {
    for (const target of targets) await target.destroy().catch(() => undefined);
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))(
    "%s",
    async (_name, scenario) => {
      const e = await environment(harness);
      const started = Date.now();
      await scenario.run(e);
      console.log(`docker ${scenario.name.split(":")[0]}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
    180_000,
  );
});
