// `target: kubernetes` end to end through the bundled CLI against the real cluster: deploy v1,
// deploy v2 (v1 kept warm), status, rollback to the warm color, with the registry ledger beside
// the image. Proves the input wiring (target, kubeconfig, namespace, k8s-manifests), that the
// Kubernetes client works from the bundle, and that the endpoints are the Services' NodePorts on
// the node's address, found by the target. Skips when k8s.env is absent (cluster not up).
import { randomBytes } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, k8sEnvPath, kubectl, loadCluster } from "../support/k8s";
import { baseEnv, buildBundle, nodeBin, parseCliOutputs, run } from "../support/runner";

const cluster = loadCluster();
const skipReason = cluster
  ? ""
  : ` (skipped: ${k8sEnvPath()} is absent; bring the cluster up with \`bash scripts/stack.sh up && bash scripts/k8s.sh up\`)`;

const MANIFESTS = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 1
  progressDeadlineSeconds: 30
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      enableServiceLinks: false
      terminationGracePeriodSeconds: 5
      containers:
        - name: web
          image: placeholder
          ports: [{ containerPort: 8080 }]
          readinessProbe: { httpGet: { path: /healthz, port: 8080 }, periodSeconds: 1 }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: 8080 }]
`;

/** GETs `url` on fresh connections until it answers `expected` (at most ~10 s); returns the last answer. */
async function settle(url: string, expected: string): Promise<string> {
  let last = "";
  for (let i = 0; i < 100; i++) {
    try {
      const response = await fetch(url, {
        headers: { connection: "close" },
        signal: AbortSignal.timeout(5000),
      });
      last = (await response.text()).trim();
    } catch (error) {
      last = String((error as Error).cause ?? error);
    }
    if (last === expected) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return last;
}

describe.skipIf(!cluster)(`greenlight CLI with target kubernetes${skipReason}`, () => {
  const c = cluster as Cluster;
  const suffix = randomBytes(3).toString("hex");
  const namespace = `gl-cli-${suffix}`;
  const app = `web-${suffix}`;
  let cli = "";
  let work = "";
  let password = "";
  let username = "";
  const pinned: string[] = [];

  beforeAll(async () => {
    const { dockerConfig, pushApp, stack } = await import("./deploy.support");
    password = stack.password;
    username = stack.username;
    const config = await dockerConfig();
    for (const v of ["v1", "v2"])
      pinned.push(await pushApp(config, `test/gl-k8s-cli-${suffix}`, `${v}-${suffix}`));
    cli = join(await buildBundle(), "cli.cjs");
    work = await mkdtemp(join(tmpdir(), "gl-k8s-cli-"));
    await writeFile(join(work, "app.yaml"), MANIFESTS);
    await kubectl(c, ["create", "namespace", namespace]);
  }, 300_000);

  afterAll(async () => {
    if (cluster) await kubectl(c, ["delete", "namespace", namespace, "--wait=false"], { allowFailure: true });
  });

  const greenlight = async (command: string, extra: string[] = []) => {
    const argv = [
      command,
      ...["--target", "kubernetes", "--kubeconfig", c.kubeconfig, "--namespace", namespace],
      ...["--k8s-manifests", join(work, "app.yaml"), "--app", app, "--environment", "cli"],
      ...["--username", username, "--verify", "false", "--checks", "/healthz 200", "--watch-seconds", "1"],
      ...extra,
    ];
    const finished = await run(
      [nodeBin, cli, ...argv],
      baseEnv({ GREENLIGHT_PASSWORD: password, USER: "k8s-cli" }),
    );
    return { ...finished, outputs: parseCliOutputs(finished.stdout) };
  };

  it("deploys, reports status and rolls back to the warm color", async () => {
    const [v1, v2] = pinned as [string, string];
    const first = await greenlight("deploy", ["--image", v1]);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.outputs.url).toMatch(new RegExp(`^http://${c.nodeIp.replace(/\./g, "\\.")}:\\d+$`));
    const liveUrl = first.outputs.url ?? "";
    // a new NodePort answers once kube-proxy programmed it: bounded wait, no timing assertion
    expect(await settle(liveUrl, `greenlight sample app v1-${suffix}`)).toBe(
      `greenlight sample app v1-${suffix}`,
    );

    const second = await greenlight("deploy", ["--image", v2]);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.outputs.color).toBe("green");
    console.log(
      `k8s cli deploy v2:\n${second.stderr
        .split("\n")
        .filter((l) => /^(lock|stage|preview|switch|watch|record| {2}gate)/.test(l))
        .join("\n")}`,
    );

    const status = await greenlight("status", ["--image", v2.split("@")[0] ?? ""]);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.stdout).toContain(v2.split("@")[1]);

    const back = await greenlight("rollback", ["--image", v2.split("@")[0] ?? ""]);
    expect(back.exitCode, back.stderr).toBe(0);
    expect(back.outputs.color).toBe("blue");
    expect(await settle(liveUrl, `greenlight sample app v1-${suffix}`)).toBe(
      `greenlight sample app v1-${suffix}`,
    );
  }, 300_000);
});
