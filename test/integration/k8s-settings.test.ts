// Kubernetes environments remember their settings, and the gates reach the Services through the
// API server's port-forward, against the real cluster (scripts/k8s.sh up):
// - through the bundled CLI: a deploy from a checkout whose greenlight.yml says target, namespace,
//   manifests and `preview-access: port-forward` records its settings on the live Service; from
//   another directory whose greenlight.yml says only where the cluster is, `status`, `rollback` and
//   `history` need only `--environment`; manifests whose Service has other ports are refused with
//   the difference, live untouched; a release that drops an environment variable is warned about;
// - through the engine: with NodePorts on a host name that does not resolve, a deploy
//   whose HTTP checks and watch reach the colors only through the port-forward passes, and the
//   forward follows the Service's selector to the new color.
// Skips when k8s.env is absent (cluster not up).
import { randomBytes } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "../../src/deploy/bluegreen";
import { type KubernetesApis, kubernetesApis } from "../../src/deploy/kubernetes/client";
import { parseManifests } from "../../src/deploy/kubernetes/manifests";
import { KubernetesTarget } from "../../src/deploy/kubernetes/target";
import { httpChecksGate, watchGate } from "../../src/gate/gates";
import { MemoryLogger } from "../../src/log";
import { MemoryLedger } from "../support/conformance";
import { type Cluster, k8sEnvPath, kubectl, loadCluster, SAMPLE_MANIFESTS } from "../support/k8s";
import { baseEnv, buildBundle, type Finished, nodeBin, parseCliOutputs, run } from "../support/runner";

const cluster = loadCluster();
const skipReason = cluster
  ? ""
  : ` (skipped: ${k8sEnvPath()} is absent; bring the cluster up with \`bash scripts/stack.sh up && bash scripts/k8s.sh up\`)`;

/**
 * A host name that never resolves (RFC 2606 `.invalid`), so a gate that used a NodePort would fail.
 * (Not a TEST-NET address: on this machine 192.0.2.0/24 is the node's own network, and a
 * connection to any outside address is answered.)
 */
const NOWHERE = "nodeport.invalid";

describe.skipIf(!cluster)(`Kubernetes environments remember their settings${skipReason}`, () => {
  const c = cluster as Cluster;
  const suffix = randomBytes(3).toString("hex");
  const namespace = `gl-set-${suffix}`;
  const repo = `test/gl-k8s-set-${suffix}`;
  const environment = "k8s";
  const app = repo.split("/").pop() as string;
  const pinned: Record<string, string> = {};
  const body = (v: string) => `greenlight sample app ${v}-${suffix}`;
  let image = "";
  let cli = "";
  let work = "";
  let elsewhere = "";
  let password = "";
  let username = "";
  let apis: KubernetesApis;

  beforeAll(async () => {
    const { dockerConfig, pushApp, stack } = await import("./deploy.support");
    password = stack.password;
    username = stack.username;
    image = `${stack.registry}/${repo}`;
    const config = await dockerConfig();
    for (const v of ["v1", "v2"])
      pinned[v] = (await pushApp(config, repo, `${v}-${suffix}`)).split("@")[1] ?? "";
    cli = join(await buildBundle(), "cli.cjs");
    apis = kubernetesApis({ kubeconfig: c.kubeconfig });
    work = await mkdtemp(join(tmpdir(), "gl-k8s-set-"));
    elsewhere = await mkdtemp(join(tmpdir(), "gl-k8s-set-elsewhere-"));
    await writeFile(join(work, "app.yaml"), SAMPLE_MANIFESTS);
    // the same app without its PORT variable (the app defaults to 8080), and with another Service port
    await writeFile(
      join(work, "app-noenv.yaml"),
      SAMPLE_MANIFESTS.replace(/ *env: \[\{ name: PORT[^\n]*\n/, ""),
    );
    await writeFile(join(work, "app-port.yaml"), SAMPLE_MANIFESTS.replace("port: 80,", "port: 81,"));
    const where = [
      `target: kubernetes`,
      `kubeconfig: ${c.kubeconfig}`,
      `namespace: ${namespace}`,
      "verify: false",
      "watch-seconds: 2",
    ];
    await writeFile(
      join(work, "greenlight.yml"),
      [
        `image: ${image}`,
        ...where,
        "k8s-manifests: app.yaml",
        "checks: [/healthz 200]",
        "keep-seconds: 600",
        "preview-access: port-forward",
        "environments:",
        `  ${environment}: {}`,
        "",
      ].join("\n"),
    );
    // another checkout or a terminal: only where the cluster is (and a short watch, for the test's time)
    await writeFile(join(elsewhere, "greenlight.yml"), [...where, ""].join("\n"));
    await kubectl(c, ["create", "namespace", namespace]);
  }, 300_000);

  afterAll(async () => {
    if (cluster) await kubectl(c, ["delete", "namespace", namespace, "--wait=false"], { allowFailure: true });
  });

  const greenlight = async (
    dir: string,
    argv: string[],
  ): Promise<Finished & { outputs: Record<string, string> }> => {
    const finished = await run(
      ["bash", "-c", 'cd "$0" && exec "$@"', dir, nodeBin, cli, ...argv],
      baseEnv({ GREENLIGHT_USERNAME: username, GREENLIGHT_PASSWORD: password, USER: "k8s-settings" }),
    );
    return { ...finished, outputs: parseCliOutputs(finished.stdout) };
  };

  const annotations = async (kind: "service" | "deployment", name: string) =>
    JSON.parse(
      (await kubectl(c, ["-n", namespace, "get", kind, name, "-o", "jsonpath={.metadata.annotations}"]))
        .stdout,
    ) as Record<string, string>;

  it("a deploy whose gates reach the preview through the port-forward records the environment's settings", async () => {
    // the smoke command gets the port-forward's URL in $PREVIEW_URL: it passes only if the preview answers there
    const smoke = `${nodeBin} -e "fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" $PREVIEW_URL`;
    const first = await greenlight(work, [
      ...["deploy", "--image", `${image}@${pinned.v1}`, "--environment", environment],
      ...["--smoke-command", smoke],
    ]);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.outputs["preview-url"]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.stderr).toContain("through the API server's port-forward");
    const recorded = await annotations("service", app);
    expect(recorded).toMatchObject({
      "dev.greenlight.setting.target": "kubernetes",
      "dev.greenlight.setting.app": app,
      "dev.greenlight.setting.image": image,
      "dev.greenlight.setting.keep-seconds": "600",
      "dev.greenlight.setting.preview-access": "port-forward",
    });
    // the names of the container's variables, never their values
    expect((await annotations("deployment", `${app}-blue`))["dev.greenlight.env-names"]).toBe("PORT");
  }, 300_000);

  it("status, rollback and history need only the environment's name; a dropped variable is warned about", async () => {
    const second = await greenlight(work, [
      ...["deploy", "--image", `${image}@${pinned.v2}`, "--environment", environment],
      ...["--k8s-manifests", "app-noenv.yaml"],
    ]);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.stderr).toContain(
      `${app}-green starts without the environment variable(s) PORT that ${app}-blue runs with`,
    );
    const status = await greenlight(elsewhere, ["status", "--environment", environment]);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.outputs["live-digest"]).toBe(pinned.v2);
    const back = await greenlight(elsewhere, ["rollback", "--environment", environment, "--reason", "test"]);
    expect(back.exitCode, back.stderr).toBe(0);
    expect(back.outputs["live-digest"] ?? back.outputs.digest).toBe(pinned.v1);
    // the recorded preview-access: the rollback's checks went through the port-forward too
    expect(back.stderr).toContain("through the API server's port-forward");
    const history = await greenlight(elsewhere, ["history", "--environment", environment]);
    expect(history.exitCode, history.stderr).toBe(0);
    expect(history.stdout).toContain(pinned.v2);
  }, 300_000);

  it("manifests whose Service has other ports are refused with the difference; live is untouched", async () => {
    const before = await greenlight(elsewhere, ["status", "--environment", environment]);
    const refused = await greenlight(work, [
      ...["deploy", "--image", `${image}@${pinned.v2}`, "--environment", environment],
      ...["--k8s-manifests", "app-port.yaml"],
    ]);
    expect(refused.exitCode, refused.stderr).not.toBe(0);
    expect(refused.stderr).toContain(
      `environment ${environment} serves on the Service ${namespace}/${app} with ports http 80->8080/TCP; k8s-manifests' Service has http 81->8080/TCP`,
    );
    const after = await greenlight(elsewhere, ["status", "--environment", environment]);
    expect(after.outputs["live-digest"]).toBe(before.outputs["live-digest"]);
  }, 300_000);

  it("with NodePorts nobody reaches, the HTTP checks and the watch pass through the port-forward, following the switch", async () => {
    const engineApp = `pf-${suffix}`;
    const target = new KubernetesTarget({
      app: engineApp,
      environment: "test",
      namespace,
      log: new MemoryLogger(),
      apis,
      manifests: parseManifests([{ path: "app.yaml", text: SAMPLE_MANIFESTS }]),
      publicHost: NOWHERE,
      previewAccess: "port-forward",
      pollMs: 250,
      stableMs: 1000,
    });
    const ledger = new MemoryLedger();
    const release = (v: string) =>
      deploy({
        target,
        ledger,
        log: new MemoryLogger(),
        app: engineApp,
        environment: "test",
        actor: "t",
        image: `${image}@${pinned[v]}`,
        previewGates: [
          httpChecksGate([{ path: "/", status: 200, body: body(v), retries: 10, timeoutMs: 3000 }]),
        ],
        watch: watchGate({
          checks: [{ path: "/", body: body(v), timeoutMs: 3000 }],
          seconds: 3,
          intervalSeconds: 1,
        }),
      });
    for (const v of ["v1", "v2"]) {
      const result = await release(v);
      expect(result.outcome, JSON.stringify(result.gates)).toBe("promoted");
      expect(result.previewUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(result.liveUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const gates = result.gates.map((g) => `${g.kind} ${g.passed}`);
      expect(gates).toContain("http true");
      expect(gates).toContain("watch true");
      expect(result.gates.every((g) => g.passed)).toBe(true);
      console.log(
        `k8s port-forward ${v}: ${result.timeline.map((t) => `${t.step} ${(t.durationMs / 1000).toFixed(2)}s`).join(", ")}`,
      );
    }
    // the run is over: its listeners are closed, and the NodePort URLs are what is left
    expect(target.endpoints().previewUrl).toMatch(
      new RegExp(`^http://${NOWHERE.replace(/\./g, "\\.")}:\\d+$`),
    );
    await target.destroy();
  }, 300_000);
});
