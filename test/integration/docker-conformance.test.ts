// The target conformance table (test/support/conformance.ts) against the Docker target: the same
// scenarios the fake and the Kubernetes cluster run, on real containers behind the HAProxy router.
import { afterAll, beforeAll, describe, it } from "vitest";
import type { DockerTarget } from "../../src/deploy/docker/target";
import type { Target } from "../../src/deploy/target";
import { exec } from "../../src/exec";
import { type ConformanceHarness, type Release, runScenarios, settleFresh } from "../support/conformance";
import { dockerConfig, pushApp, stack, testTarget, uniqueApp } from "./deploy.support";

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
    settle: settleFresh,
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

  runScenarios(it, "docker", harness, 180_000);
});
