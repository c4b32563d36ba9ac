// The target conformance table (test/support/conformance.ts) against the real single-node cluster
// (scripts/k8s.sh up), plus what only a real cluster shows: a Deployment that never becomes
// available (crash loop, failing readiness) is never switched to and the error says why, and a
// client polling the live Service's NodePort through 10 switches sees no failed request.
// Skips when k8s.env is absent, i.e. the cluster is not up.
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { type V1Deployment, V1MicroTime, type V1Service } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "../../src/deploy/bluegreen";
import { type KubernetesApis, kubernetesApis } from "../../src/deploy/kubernetes/client";
import { parseManifests, type UserManifests } from "../../src/deploy/kubernetes/manifests";
import { KubernetesTarget } from "../../src/deploy/kubernetes/target";
import { rollback } from "../../src/deploy/promote";
import { DeployFailedError, type DeployResult } from "../../src/deploy/result";
import type { Target } from "../../src/deploy/target";
import { MemoryLogger } from "../../src/log";
import {
  type ConformanceHarness,
  fresh,
  MemoryLedger,
  type Release,
  runScenarios,
  serves,
  settleFresh,
} from "../support/conformance";
import { type Cluster, k8sEnvPath, kubectl, loadCluster, SAMPLE_MANIFESTS } from "../support/k8s";

const cluster = loadCluster();
const skipReason = cluster
  ? ""
  : ` (skipped: ${k8sEnvPath()} is absent; bring the cluster up with \`bash scripts/stack.sh up && bash scripts/k8s.sh up\`)`;

describe.skipIf(!cluster)(`Kubernetes target conformance${skipReason}`, () => {
  const c = cluster as Cluster;
  const suffix = randomBytes(3).toString("hex");
  const namespace = `gl-conf-${suffix}`;
  let apis: KubernetesApis;
  let manifests: UserManifests;
  let releases: Release[] = [];
  let crashLoop = "";
  let notReady = "";
  let count = 0;
  const targets: KubernetesTarget[] = [];

  const target = (app: string, extra: Partial<ConstructorParameters<typeof KubernetesTarget>[0]> = {}) => {
    const t = new KubernetesTarget({
      app,
      environment: "test",
      namespace,
      log: new MemoryLogger(),
      apis,
      manifests,
      publicHost: c.nodeIp,
      pollMs: 250,
      stableMs: 2000,
      ...extra,
    });
    targets.push(t);
    return t;
  };

  const harness: ConformanceHarness = {
    get releases() {
      return releases as unknown as ConformanceHarness["releases"];
    },
    get unstartable() {
      // a digest the registry does not have: the node cannot pull it
      return {
        image: `${c.registry}/test/gl-k8s-absent@sha256:${"0".repeat(64)}`,
        reason: /ErrImagePull|ImagePullBackOff/,
      };
    },
    async environment() {
      const app = `conf${++count}-${suffix}`;
      return { target: target(app), app, environment: "test" };
    },
    settle: settleFresh,
    async tamper(t: Target, color, image) {
      const name = `${(t as KubernetesTarget).options.app}-${color}`;
      const deployment = await apis.apps.readNamespacedDeployment({ name, namespace });
      const container = deployment.spec?.template?.spec?.containers?.[0];
      if (container) container.image = image;
      await apis.apps.replaceNamespacedDeployment({ name, namespace, body: deployment });
    },
    async plantDeadLock(t: Target) {
      const app = (t as KubernetesTarget).options.app;
      const long = new V1MicroTime(Date.now() - 60_000);
      await apis.coordination.createNamespacedLease({
        namespace,
        body: {
          metadata: {
            name: `${app}-greenlight-lock`,
            labels: { "dev.greenlight.app": app, "dev.greenlight.env": "test" },
            annotations: {
              "dev.greenlight.lock.owner": "killed run",
              "dev.greenlight.lock.lease-ms": "5000",
            },
          },
          spec: { holderIdentity: "killed-run", leaseDurationSeconds: 5, acquireTime: long, renewTime: long },
        },
      });
      return { validityMs: 5000, renewMs: 1500 };
    },
    lockWaitMs: 2000,
  };

  beforeAll(async () => {
    const { dockerConfig, pushApp } = await import("./deploy.support");
    const config = await dockerConfig();
    const repo = `test/gl-k8s-conf-${suffix}`;
    for (const v of ["v1", "v2", "v3"]) {
      releases.push({
        image: await pushApp(config, repo, `${v}-${suffix}`),
        body: `greenlight sample app ${v}-${suffix}`,
      });
    }
    const base = releases[0]?.image ?? "";
    crashLoop = await pushApp(config, `${repo}-crash`, "crash", `FROM ${base}\nENV APP_EXIT_AFTER_MS=200\n`);
    notReady = await pushApp(config, `${repo}-unready`, "unready", `FROM ${base}\nENV APP_UNHEALTHY=1\n`);
    releases = [...releases];
    apis = kubernetesApis({ kubeconfig: c.kubeconfig });
    manifests = parseManifests([{ path: "manifests.yaml", text: SAMPLE_MANIFESTS }]);
    await kubectl(c, ["create", "namespace", namespace]);
  }, 180_000);

  afterAll(async () => {
    if (cluster) await kubectl(c, ["delete", "namespace", namespace, "--wait=false"], { allowFailure: true });
  });

  runScenarios(it, "k8s", harness, 240_000);

  it("keeps the user's workload settings and pins the color by digest, with digest and release in annotations", async () => {
    const t = target(`keep-${suffix}`);
    const ledger = new MemoryLedger();
    const v1 = releases[0] as Release;
    await deploy({
      target: t,
      ledger,
      log: new MemoryLogger(),
      app: t.options.app,
      environment: "test",
      actor: "t",
      image: v1.image,
    });
    const d: V1Deployment = await apis.apps.readNamespacedDeployment({
      name: `${t.options.app}-blue`,
      namespace,
    });
    const container = d.spec?.template?.spec?.containers?.[0];
    expect(container?.image).toBe(v1.image);
    expect(container?.env).toEqual([{ name: "PORT", value: "8080" }]);
    expect(container?.resources?.limits).toEqual({ memory: "64Mi" });
    expect(container?.readinessProbe?.httpGet?.path).toBe("/healthz");
    expect(d.metadata?.labels).toMatchObject({ team: "conformance", "dev.greenlight.color": "blue" });
    expect(d.metadata?.annotations?.["dev.greenlight.digest"]).toBe(v1.image.split("@")[1]);
    const live: V1Service = await apis.core.readNamespacedService({ name: t.options.app, namespace });
    expect(live.spec?.selector?.["dev.greenlight.color"]).toBe("blue");
    expect(live.spec?.type).toBe("NodePort");
  }, 120_000);

  it.each([
    ["crash loop", () => crashLoop, /crash loop|exited with code|Error/],
    ["failing readiness", () => notReady, /not ready \(its readiness probe fails\)/],
  ])(
    "a Deployment that never becomes available (%s) is never switched to; the error says why",
    async (_what, image, reason) => {
      const t = target(`bad${++count}-${suffix}`);
      const ledger = new MemoryLedger();
      const base = {
        target: t,
        ledger,
        log: new MemoryLogger(),
        app: t.options.app,
        environment: "test",
        actor: "t",
      };
      const v1 = releases[0] as Release;
      await deploy({ ...base, image: v1.image });
      const error = await deploy({ ...base, image: image() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeployFailedError);
      console.log(`k8s unavailable release: ${(error as Error).message}`);
      expect((error as Error).message).toMatch(reason);
      const state = await t.readState();
      expect(state.live).toBe("blue");
      expect(state.colors.green).toBeUndefined();
      expect((await fresh(t.endpoints().liveUrl)).body).toBe(v1.body);
    },
    180_000,
  );

  it("measures stage, gate, switch and rollback per release (printed)", async () => {
    const t = target(`time-${suffix}`);
    const ledger = new MemoryLedger();
    const base = {
      target: t,
      ledger,
      log: new MemoryLogger(),
      app: t.options.app,
      environment: "test",
      actor: "t",
    };
    const [v1, v2] = releases as [Release, Release];
    const gates = (r: Release) => ({
      previewGates: [serves(harness, "preview", r.body)],
      watch: serves(harness, "live", r.body),
    });
    const steps = (result: DeployResult) =>
      result.timeline.map((s) => `${s.step} ${(s.durationMs / 1000).toFixed(2)}s`).join(", ");
    const first = await deploy({ ...base, image: v1.image, ...gates(v1) });
    const second = await deploy({ ...base, image: v2.image, ...gates(v2) });
    const verify = async () => ({ verified: true, detail: "measurement" });
    const back = await rollback({ ...base, previewGates: [serves(harness, "preview", v1.body)], verify });
    console.log(
      `k8s timings (stableMs 2000):\n first deploy: ${steps(first)}\n second deploy: ${steps(second)}\n warm rollback: ${steps(back)}`,
    );
    expect(back.outcome).toBe("promoted");
  }, 240_000);

  it("the Lease: a second run waits and names the holder; unlock tells the holder it lost the lock", async () => {
    const t = target(`lease-${suffix}`);
    await t.prepare();
    const lease = { validityMs: 3000, renewMs: 1000 };
    let lost = "";
    const held = await t.acquireLock({
      owner: "first",
      ttlMs: 60_000,
      waitMs: 0,
      lease,
      onLost: (why) => (lost = why),
    });
    const refused = await t
      .acquireLock({ owner: "second", ttlMs: 60_000, waitMs: 4500, lease })
      .catch((e: unknown) => e);
    // waited past the first holder's validity: its heartbeat kept the Lease
    expect(String(refused)).toMatch(/held by first/);
    const state = await t.readState();
    expect(state.lock?.owner).toBe("first");
    await t.breakLock(state.lock as NonNullable<typeof state.lock>);
    for (let i = 0; i < 50 && !lost; i++) await sleep(100);
    expect(lost).toMatch(/removed/);
    const second = await t.acquireLock({ owner: "second", ttlMs: 60_000, waitMs: 0, lease });
    await held.release(); // the first holder's release leaves the second's Lease alone
    expect((await t.readState()).lock?.owner).toBe("second");
    await second.release();
    expect((await t.readState()).lock).toBeUndefined();
  }, 60_000);

  it("a client polling the live NodePort through 10 switches sees no failed request", async () => {
    const t = target(`poll-${suffix}`);
    const ledger = new MemoryLedger();
    const base = {
      target: t,
      ledger,
      log: new MemoryLogger(),
      app: t.options.app,
      environment: "test",
      actor: "t",
    };
    const [v1, v2] = releases as [Release, Release];
    await deploy({ ...base, image: v1.image });
    await deploy({ ...base, image: v2.image });
    const url = t.endpoints().liveUrl;
    let running = true;
    const seen = { sent: 0, failed: 0, failures: [] as string[], bodies: {} as Record<string, number> };
    const poller = (async () => {
      while (running) {
        seen.sent++;
        const answer = await fresh(url);
        if (answer.status !== 200) {
          seen.failed++;
          seen.failures.push(`${answer.status} ${answer.body.slice(0, 80)}`);
        } else seen.bodies[answer.body] = (seen.bodies[answer.body] ?? 0) + 1;
        await sleep(10);
      }
    })();
    const switchMs: number[] = [];
    for (let i = 0; i < 10; i++) {
      const color = i % 2 === 0 ? "blue" : "green";
      const started = Date.now();
      await t.switchLive(color);
      switchMs.push(Date.now() - started);
      const want = color === "blue" ? v1.body : v2.body;
      expect(await harness.settle(url, want)).toBe(want);
    }
    running = false;
    await poller;
    console.log(
      `k8s 10 switches: ${seen.sent} requests, ${seen.failed} failed, bodies ${JSON.stringify(seen.bodies)}, switch API calls ${switchMs.join("/")} ms`,
    );
    expect(seen.failures).toEqual([]);
    expect(Object.keys(seen.bodies).sort()).toEqual([v1.body, v2.body].sort());
  }, 240_000);
});
