// The single-node Kubernetes cluster brought up by `bash scripts/k8s.sh up`, as tests see it.
// Source of truth: $GREENLIGHT_CACHE/k8s.env (default /var/cache/greenlight/k8s.env); `down` removes it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type ExecOptions, type ExecResult, exec } from "../../src/exec";
import { parseEnv } from "./stack";

export interface Cluster {
  /** admin kubeconfig (client certificate in group system:masters), server https://127.0.0.1:6443 */
  kubeconfig: string;
  /** the kubectl built with the cluster, same version */
  kubectl: string;
  /** Kubernetes version of every component, e.g. v1.37.2 */
  version: string;
  /** the one node's name and the address its NodePorts answer on */
  node: string;
  nodeIp: string;
  /** host:port of the registry the node pulls from with the stack's credentials */
  registry: string;
}

export function k8sEnvPath(): string {
  return join(process.env.GREENLIGHT_CACHE || "/var/cache/greenlight", "k8s.env");
}

/** The cluster, or undefined when k8s.env is absent (cluster not up); throws when it is incomplete. */
export function loadCluster(): Cluster | undefined {
  const path = k8sEnvPath();
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  const env = parseEnv(text);
  const need = (key: string): string => {
    const value = env.get(key);
    if (!value) throw new Error(`${path} has no ${key}: run \`bash scripts/k8s.sh up\` again`);
    return value;
  };
  return {
    kubeconfig: need("GREENLIGHT_KUBECONFIG"),
    kubectl: need("GREENLIGHT_KUBECTL"),
    version: need("GREENLIGHT_K8S_VERSION"),
    node: need("GREENLIGHT_K8S_NODE"),
    nodeIp: need("GREENLIGHT_K8S_NODE_IP"),
    registry: need("GREENLIGHT_K8S_REGISTRY"),
  };
}

/** kubectl against the cluster, with its admin kubeconfig. */
export function kubectl(
  cluster: Cluster,
  args: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  return exec(cluster.kubectl, ["--kubeconfig", cluster.kubeconfig, ...args], options);
}

/** The sample app's own manifests, as a team would keep them in its repository (the tests' `k8s-manifests`). */
export const SAMPLE_MANIFESTS = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: sample
  labels: { team: conformance }
spec:
  replicas: 1
  progressDeadlineSeconds: 20
  selector: { matchLabels: { app: sample } }
  template:
    metadata: { labels: { app: sample } }
    spec:
      enableServiceLinks: false
      terminationGracePeriodSeconds: 5
      containers:
        - name: app
          image: placeholder
          ports: [{ containerPort: 8080 }]
          env: [{ name: PORT, value: "8080" }]
          resources: { requests: { cpu: 10m, memory: 16Mi }, limits: { memory: 64Mi } }
          readinessProbe: { httpGet: { path: /healthz, port: 8080 }, periodSeconds: 1, failureThreshold: 2 }
---
apiVersion: v1
kind: Service
metadata: { name: sample }
spec:
  selector: { app: sample }
  ports: [{ name: http, port: 80, targetPort: 8080 }]
`;
