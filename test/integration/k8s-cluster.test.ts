// The test cluster (scripts/k8s.sh up) is real Kubernetes: its node is Ready at the version built,
// and the sample app, pushed to the stack's registry and pinned by digest, is pulled with the
// registry's credentials, becomes available and answers through a NodePort Service.
// Skips only when k8s.env is absent, i.e. the cluster is not up.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, k8sEnvPath, kubectl, loadCluster } from "../support/k8s";
import { get } from "../support/runner";

const cluster = loadCluster();
const skipReason = cluster
  ? ""
  : ` (skipped: ${k8sEnvPath()} is absent; bring the cluster up with \`bash scripts/stack.sh up && bash scripts/k8s.sh up\`)`;

interface NodeJson {
  status: {
    conditions: { type: string; status: string }[];
    addresses: { type: string; address: string }[];
    nodeInfo: { kubeletVersion: string; containerRuntimeVersion: string };
  };
}
interface PodListJson {
  items: { status: { containerStatuses?: { image: string; imageID: string; ready: boolean }[] } }[];
}

/** GET url until it answers 200 with `body`, or the deadline passes; returns the last answer. */
async function until(url: string, body: string, ms: number): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + ms;
  for (;;) {
    const answer = await get(url);
    if ((answer.status === 200 && answer.body === body) || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(!cluster)(`Kubernetes test cluster${skipReason}`, () => {
  const c = cluster as Cluster;
  const suffix = randomBytes(3).toString("hex");
  const namespace = `gl-k8s-${suffix}`;
  const version = `k8s-${suffix}`;
  const app = "sample";
  let pinned = "";

  beforeAll(async () => {
    // the Docker stack is only needed (and loaded) when the cluster is up
    const { dockerConfig, pushApp, uniqueApp } = await import("./deploy.support");
    pinned = await pushApp(await dockerConfig(), `test/${uniqueApp("k8s")}`, version);
    await kubectl(c, ["create", "namespace", namespace]);
  });

  afterAll(async () => {
    if (cluster) await kubectl(c, ["delete", "namespace", namespace, "--wait=false"], { allowFailure: true });
  });

  it("has its one node Ready at the version built", async () => {
    const node = JSON.parse((await kubectl(c, ["get", "node", c.node, "-o", "json"])).stdout) as NodeJson;
    expect(node.status.conditions.find((condition) => condition.type === "Ready")?.status).toBe("True");
    expect(node.status.nodeInfo.kubeletVersion).toBe(c.version);
    expect(node.status.nodeInfo.containerRuntimeVersion).toMatch(/^containerd:\/\//);
    expect(node.status.addresses).toContainEqual({ type: "InternalIP", address: c.nodeIp });
  });

  it("runs a Deployment pinned by digest from the stack's registry and serves it through a NodePort", async () => {
    expect(pinned).toMatch(new RegExp(`^${c.registry.replace(/\./g, "\\.")}/.+@sha256:[0-9a-f]{64}$`));
    const manifest = {
      apiVersion: "v1",
      kind: "List",
      items: [
        {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: app, namespace },
          spec: {
            replicas: 1,
            selector: { matchLabels: { app } },
            template: {
              metadata: { labels: { app } },
              spec: {
                enableServiceLinks: false,
                terminationGracePeriodSeconds: 2,
                containers: [
                  {
                    name: "app",
                    image: pinned,
                    ports: [{ containerPort: 8080 }],
                    readinessProbe: { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 1 },
                  },
                ],
              },
            },
          },
        },
        {
          apiVersion: "v1",
          kind: "Service",
          metadata: { name: app, namespace },
          spec: { type: "NodePort", selector: { app }, ports: [{ port: 80, targetPort: 8080 }] },
        },
      ],
    };
    await kubectl(c, ["apply", "-f", "-"], { input: JSON.stringify(manifest) });
    await kubectl(c, [
      "wait",
      "-n",
      namespace,
      "--for=condition=Available",
      `deployment/${app}`,
      "--timeout=120s",
    ]);

    const pods = JSON.parse(
      (await kubectl(c, ["get", "pods", "-n", namespace, "-l", `app=${app}`, "-o", "json"])).stdout,
    ) as PodListJson;
    const statuses = pods.items.flatMap((pod) => pod.status.containerStatuses ?? []);
    expect(statuses.map((s) => s.ready)).toEqual([true]);
    // the node ran exactly the pushed digest
    expect(statuses[0]?.imageID).toBe(pinned);

    const nodePort = (
      await kubectl(c, ["get", "service", app, "-n", namespace, "-o", "jsonpath={.spec.ports[0].nodePort}"])
    ).stdout.trim();
    expect(nodePort).toMatch(/^\d+$/);
    // kube-proxy programs the NodePort asynchronously: poll until it answers (deadline, no timing assertion)
    expect(await until(`http://${c.nodeIp}:${nodePort}/version`, version, 30_000)).toEqual({
      status: 200,
      body: version,
    });
  });
});
