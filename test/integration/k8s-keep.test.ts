// The keep window on the real cluster (scripts/k8s.sh up): the previous color keeps serving after
// a switch for `keep-seconds` (instant rollback, keep-alive connections drain), then is scaled to
// 0 replicas; a switch back to a scaled-down color scales it up and waits until it is available
// first (never a switch to 0 ready pods). And `status` drift from hand edits on the cluster (pod
// template, ReplicaSet image, live selector). Skips when k8s.env is absent (the cluster is not up).
import { randomBytes } from "node:crypto";
import { Agent, request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy, type EngineOptions } from "../../src/deploy/bluegreen";
import { type KubernetesApis, kubernetesApis } from "../../src/deploy/kubernetes/client";
import { parseManifests, type UserManifests } from "../../src/deploy/kubernetes/manifests";
import { KubernetesTarget, type KubernetesTargetOptions } from "../../src/deploy/kubernetes/target";
import { rollback } from "../../src/deploy/promote";
import type { DeployResult } from "../../src/deploy/result";
import { status } from "../../src/deploy/status";
import { MemoryLogger } from "../../src/log";
import { fresh, MemoryLedger, type Release, serves, settleFresh } from "../support/conformance";
import { type Cluster, k8sEnvPath, kubectl, loadCluster, SAMPLE_MANIFESTS } from "../support/k8s";

const cluster = loadCluster();
const skipReason = cluster ? "" : ` (skipped: ${k8sEnvPath()} is absent; bring the cluster up)`;

/** A client polling `url` until stopped, counting failed requests and the bodies it saw, in order. */
function poll(url: string, get: (url: string) => Promise<{ status: number; body: string }>) {
  const seen = { sent: 0, failures: [] as string[], bodies: [] as string[] };
  let running = true;
  const done = (async () => {
    while (running) {
      seen.sent++;
      const answer = await get(url);
      if (answer.status !== 200)
        seen.failures.push(
          `${new Date().toISOString().slice(17, 23)} ${answer.status} ${answer.body.slice(0, 60)}`,
        );
      else if (seen.bodies.at(-1) !== answer.body) seen.bodies.push(answer.body);
      await sleep(20);
    }
  })();
  return {
    seen,
    stop: async () => {
      running = false;
      await done;
      return seen;
    },
  };
}

/** GET on one kept-alive connection (a pool of one socket): a long-lived client such as a service mesh peer. */
function keepAliveClient() {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const ports = new Set<number>();
  const get = (url: string) =>
    new Promise<{ status: number; body: string }>((resolve) => {
      const req = request(url, { agent, timeout: 5000 }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: body.trim() }));
      });
      req.on("socket", (socket) => {
        if (!socket.remotePort) socket.once("connect", () => ports.add(socket.localPort ?? 0));
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", (error) => resolve({ status: 0, body: String(error) }));
      req.end();
    });
  return { get, connections: () => ports.size, close: () => agent.destroy() };
}

describe.skipIf(!cluster)(`Kubernetes keep window${skipReason}`, () => {
  const c = cluster as Cluster;
  const suffix = randomBytes(3).toString("hex");
  const namespace = `gl-keep-${suffix}`;
  let apis: KubernetesApis;
  let manifests: UserManifests;
  const releases: Release[] = [];
  let count = 0;

  const target = (extra: Partial<KubernetesTargetOptions> = {}) =>
    new KubernetesTarget({
      app: `keep${++count}-${suffix}`,
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

  const engine = (t: KubernetesTarget, ledger: MemoryLedger): EngineOptions => ({
    target: t,
    ledger,
    log: new MemoryLogger(),
    app: t.options.app,
    environment: "test",
    actor: "t",
  });

  const deployed = (t: KubernetesTarget, ledger: MemoryLedger, r: Release) =>
    deploy({
      ...engine(t, ledger),
      image: r.image,
      previewGates: [serves({ settle: settleFresh } as never, "preview", r.body)],
    });

  const replicas = async (t: KubernetesTarget, color: string) =>
    (await apis.apps.readNamespacedDeployment({ name: `${t.options.app}-${color}`, namespace })).spec
      ?.replicas;

  const podsGone = async (t: KubernetesTarget, color: string) => {
    for (let i = 0; i < 240; i++) {
      const pods = await apis.core.listNamespacedPod({
        namespace,
        labelSelector: `dev.greenlight.app=${t.options.app},dev.greenlight.color=${color}`,
      });
      if (pods.items.length === 0) return;
      await sleep(250);
    }
    throw new Error(`${color}'s pods were not gone within 60 s`);
  };

  const steps = (result: DeployResult) =>
    result.timeline.map((s) => `${s.step} ${(s.durationMs / 1000).toFixed(2)}s`).join(", ");

  beforeAll(async () => {
    const { dockerConfig, pushApp } = await import("./deploy.support");
    const config = await dockerConfig();
    for (const v of ["v1", "v2"]) {
      releases.push({
        image: await pushApp(config, `test/gl-k8s-keep-${suffix}`, `${v}-${suffix}`),
        body: `greenlight sample app ${v}-${suffix}`,
      });
    }
    apis = kubernetesApis({ kubeconfig: c.kubeconfig });
    manifests = parseManifests([{ path: "manifests.yaml", text: SAMPLE_MANIFESTS }]);
    await kubectl(c, ["create", "namespace", namespace]);
  }, 180_000);

  afterAll(async () => {
    if (cluster) await kubectl(c, ["delete", "namespace", namespace, "--wait=false"], { allowFailure: true });
  });

  it("a switch to a color scaled to 0 scales it up and waits until it is available: no request fails", async () => {
    const t = target();
    const ledger = new MemoryLedger();
    const [v1, v2] = releases as [Release, Release];
    await deployed(t, ledger, v1);
    await deployed(t, ledger, v2);
    // blue is the previous color; scaled to 0 as its keep window does
    await apis.apps.patchNamespacedDeploymentScale(
      { name: `${t.options.app}-blue`, namespace, body: { spec: { replicas: 0 } } },
      (await import("../../src/deploy/kubernetes/client")).MERGE_PATCH,
    );
    await podsGone(t, "blue");
    const url = t.endpoints().liveUrl;
    // a new Service's NodePort answers once kube-proxy has synced it (seconds on a busy node)
    expect(await settleFresh(url, v2.body)).toBe(v2.body);
    const client = poll(url, fresh);
    const started = Date.now();
    const switched = await t.switchLive("blue").then(
      () => "switched",
      (error: unknown) => String(error),
    );
    const switchMs = Date.now() - started;
    expect(await settleFresh(url, v1.body)).toBe(v1.body);
    const seen = await client.stop();
    console.log(
      `k8s switch to a scaled-down color: ${switchMs} ms (scale up + available + patch), ${seen.sent} requests, ${seen.failures.length} failed`,
    );
    expect(seen.failures).toEqual([]);
    expect(switched).toBe("switched");
    expect((await t.readState()).colors.blue?.running).toBe(true);
  }, 180_000);

  it("keep-seconds: the switching run scales the previous color to 0 once its window ends; a rollback scales it up, gates it and switches, losing no request", async () => {
    const t = target({ keepSeconds: 3 });
    const ledger = new MemoryLedger();
    const [v1, v2] = releases as [Release, Release];
    await deployed(t, ledger, v1);
    const second = await deployed(t, ledger, v2);
    // the run waited out blue's window after releasing the Lease, then scaled it down
    expect(await replicas(t, "blue")).toBe(0);
    const downStarted = Date.now();
    await podsGone(t, "blue");
    const downMs = Date.now() - downStarted;
    const state = await t.readState();
    expect(state.colors.blue).toMatchObject({ scaledDown: true, running: false });
    expect(state.colors.blue?.status).toMatch(/scaled down after its keep window/);
    const url = t.endpoints().liveUrl;
    const client = poll(url, fresh);
    const back = await rollback({
      ...engine(t, ledger),
      previewGates: [serves({ settle: settleFresh } as never, "preview", v1.body)],
      verify: async () => ({ verified: true, detail: "provenance is not under test here" }),
    });
    expect(await settleFresh(url, v1.body)).toBe(v1.body);
    const seen = await client.stop();
    expect(back.outcome).toBe("promoted");
    expect(back.timeline.map((s) => s.step)).toContain("scale up");
    expect(seen.failures).toEqual([]);
    // the rollback's own switch started green's window; its run closed it too
    expect(await replicas(t, "green")).toBe(0);
    expect(await replicas(t, "blue")).toBe(1);
    console.log(
      `k8s keep-seconds 3:\n deploy v2: ${steps(second)}\n blue's pods gone ${downMs} ms after the run ended\n rollback to scaled-down blue: ${steps(back)}; ${seen.sent} requests, ${seen.failures.length} failed`,
    );
  }, 240_000);

  it("a keep window longer than the run: the previous color keeps serving; the next run that takes the Lease scales it down", async () => {
    const t = target({ keepSeconds: 2, keepWaitMs: 0 });
    const ledger = new MemoryLedger();
    const [v1, v2] = releases as [Release, Release];
    await deployed(t, ledger, v1);
    await deployed(t, ledger, v2);
    expect(await replicas(t, "blue")).toBe(1);
    expect((await t.readState()).colors.blue?.status).toMatch(/kept until/);
    await sleep(2500);
    expect(await replicas(t, "blue")).toBe(1); // no controller: nothing happens by itself
    await deployed(t, ledger, v2); // v2 is live already: the rerun only takes the Lease and records
    expect(await replicas(t, "blue")).toBe(0);
  }, 240_000);

  it("a keep-alive client stays on the previous color through the keep window and moves to the new one when it is scaled down (printed: requests lost)", async () => {
    const t = target({ keepSeconds: 4 });
    const ledger = new MemoryLedger();
    const [v1, v2] = releases as [Release, Release];
    await deployed(t, ledger, v1);
    const url = t.endpoints().liveUrl;
    expect(await settleFresh(url, v1.body)).toBe(v1.body); // kube-proxy synced the new NodePort
    const client = keepAliveClient();
    const polling = poll(url, client.get);
    while (polling.seen.sent < 5) await sleep(50);
    const started = Date.now();
    let switchedAt = 0;
    const second = deployed(t, ledger, v2).then((r) => {
      switchedAt = r.timeline.find((s) => s.step === "switch") ? Date.now() : 0;
      return r;
    });
    // a fresh connection reaches v2 as soon as the switch is made
    expect(await settleFresh(url, v2.body)).toBe(v2.body);
    const freshAt = Date.now();
    const onOld = polling.seen.bodies.at(-1);
    const result = await second;
    const endedAt = new Date().toISOString().slice(17, 23);
    for (let i = 0; i < 200 && polling.seen.bodies.at(-1) !== v2.body; i++) await sleep(50);
    const movedAt = Date.now();
    const seen = await polling.stop();
    client.close();
    console.log(
      `k8s keep-alive across a switch (keep-seconds 4): ${seen.sent} requests on ${client.connections()} connection(s), ${seen.failures.length} failed ${JSON.stringify(seen.failures)}; bodies in order ${seen.bodies.map((b) => b.split(" ").at(-1)).join(" -> ")}; fresh connections on v2 ${((freshAt - started) / 1000).toFixed(1)} s after the deploy began, the kept-alive one ${((movedAt - freshAt) / 1000).toFixed(1)} s later; ${steps(result)}${switchedAt ? "" : " (no switch?)"}; run ended ${endedAt}, fresh on v2 at ${new Date(freshAt).toISOString().slice(17, 23)}`,
    );
    expect(onOld).toBe(v1.body); // still on blue while new connections go to green
    expect(seen.bodies).toEqual([v1.body, v2.body]);
  }, 240_000);

  it("status reports hand edits on the cluster: a pod template edited, a ReplicaSet running another image, live switched outside greenlight", async () => {
    const t = target();
    const ledger = new MemoryLedger();
    const [v1, v2] = releases as [Release, Release];
    await deployed(t, ledger, v1);
    await deployed(t, ledger, v2);
    const drift = async () => (await status({ target: t, ledger })).drift.map((d) => d.detail);
    expect(await drift()).toEqual([]); // what greenlight set reads back as no drift
    const name = (color: string) => `${t.options.app}-${color}`;
    // kubectl edit: an env var added to green's template (the image is unchanged)
    const green = await apis.apps.readNamespacedDeployment({ name: name("green"), namespace });
    green.spec?.template?.spec?.containers?.[0]?.env?.push({ name: "HAND", value: "edited" });
    await apis.apps.replaceNamespacedDeployment({ name: name("green"), namespace, body: green });
    // kubectl set image: blue to v2's image: a new ReplicaSet runs pods of another image
    await kubectl(c, ["-n", namespace, "set", "image", `deployment/${name("blue")}`, `app=${v2.image}`]);
    // kubectl patch: live's selector pointed at blue by hand
    await kubectl(c, [
      ...["-n", namespace, "patch", "service", t.options.app, "--type", "merge"],
      ...["-p", JSON.stringify({ spec: { selector: { "dev.greenlight.color": "blue" } } })],
    ]);
    let details: string[] = [];
    for (let i = 0; i < 120 && !details.some((d) => d.startsWith("ReplicaSet")); i++) {
      details = await drift();
      await sleep(250);
    }
    console.log(`k8s drift after hand edits:\n ${details.join("\n ")}`);
    expect(details).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(`${name("green")}'s pod template differs from the one greenlight set`),
        ),
        expect.stringMatching(
          new RegExp(`^ReplicaSet ${name("blue")}-\\w+ runs 1 pod\\(s\\) of .*, greenlight set ${v1.image}`),
        ),
        expect.stringMatching(
          /live points at blue .*, but the ledger's live release is .*: switched outside greenlight/,
        ),
      ]),
    );
  }, 180_000);
});
