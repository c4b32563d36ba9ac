// The Kubernetes target's pure parts: the `target: kubernetes` inputs, what is derived from the
// user's manifests, and how a Deployment's availability (and why not) is judged.
import type { V1Deployment, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config";
import { judgeAvailability } from "../../../src/deploy/kubernetes/availability";
import {
  colorDeployment,
  colorService,
  parseManifests,
  selectedColor,
  servicePortsChange,
} from "../../../src/deploy/kubernetes/manifests";
import { targetPort as portTarget } from "../../../src/deploy/kubernetes/port-forward";
import { settingAnnotations, settingsOfService } from "../../../src/deploy/kubernetes/remembered";
import { INPUTS, type InputName } from "../../../src/inputs";

const MANIFESTS = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: shop, labels: { team: a } }
spec:
  replicas: 2
  progressDeadlineSeconds: 60
  selector: { matchLabels: { app: shop } }
  template:
    metadata: { labels: { app: shop } }
    spec:
      containers:
        - name: web
          image: shop:latest
          env: [{ name: MODE, value: prod }]
          resources: { limits: { memory: 64Mi } }
          readinessProbe: { httpGet: { path: /healthz, port: 8080 } }
        - name: sidecar
          image: proxy:1
---
apiVersion: v1
kind: Service
metadata: { name: shop }
spec:
  type: LoadBalancer
  selector: { app: shop }
  ports: [{ name: http, port: 80, targetPort: 8080, nodePort: 31000 }]
`;

function config(inputs: Partial<Record<InputName, string>>, files: Record<string, string> = {}) {
  const get = (name: InputName) => inputs[name] ?? (INPUTS[name] as { default?: string }).default ?? "";
  return parseConfig(get, { GITHUB_WORKSPACE: "/w" }, (path) => {
    const text = files[path];
    if (text === undefined) throw new Error("ENOENT");
    return text;
  });
}

const digest = `sha256:${"a".repeat(64)}`;
const image = `registry.test/acme/shop@${digest}`;
const place = { app: "shop", environment: "production", namespace: "prod" };

describe("target: kubernetes inputs", () => {
  const k8s = { image: "registry.test/acme/shop", target: "kubernetes", "k8s-manifests": "k8s/app.yaml" };
  const files = { "/w/k8s/app.yaml": MANIFESTS };

  it("reads the cluster, the namespace and the user's manifests", () => {
    const c = config({ ...k8s, namespace: "prod", kubeconfig: "kube/config" }, files);
    expect(c.deploy.target).toBe("kubernetes");
    expect(c.deploy.kubernetes?.namespace).toBe("prod");
    expect(c.deploy.kubernetes?.kubeconfig).toEqual({ path: "/w/kube/config" });
    expect(c.deploy.kubernetes?.manifests?.deployment.metadata?.name).toBe("shop");
    expect(c.deploy.kubernetes?.previewAccess).toBe("node-port");
    expect(c.deploy.kubernetes?.keepSeconds).toBe(30); // Argo Rollouts' scaleDownDelaySeconds default
    expect(config({ ...k8s, "keep-seconds": "0" }, files).deploy.kubernetes?.keepSeconds).toBe(0);
  });

  it("takes a kubeconfig given as YAML (a secret) and masks it", async () => {
    const yaml = "apiVersion: v1\nkind: Config\n";
    const c = config({ ...k8s, kubeconfig: yaml }, files);
    const given = c.deploy.kubernetes?.kubeconfig;
    expect(given && "yaml" in given ? given.yaml : "").toContain("kind: Config");
    const { secretsOf } = await import("../../../src/config");
    expect(secretsOf(c).join("\n")).toContain("kind: Config");
  });

  it("needs k8s-manifests only for the commands that start a color from them", () => {
    for (const command of ["status", "promote", "reject", "rollback", "history", "unlock"]) {
      const c = config({ ...k8s, command, "k8s-manifests": "" }, files);
      expect(c.deploy.kubernetes?.manifests, command).toBeUndefined();
    }
    expect(config({ ...k8s, command: "rollback" }, files).deploy.kubernetes?.manifests).toBeDefined();
  });

  it("reaches the Services through the API server with preview-access port-forward", () => {
    const c = config({ ...k8s, "preview-access": "port-forward" }, files);
    expect(c.deploy.kubernetes?.previewAccess).toBe("port-forward");
  });

  it("defaults to docker and reads no manifests", () => {
    const c = config({ image: "registry.test/acme/shop" });
    expect(c.deploy.target).toBe("docker");
    expect(c.deploy.kubernetes).toBeUndefined();
  });

  it.each([
    [{ target: "nomad" }, "input 'target': 'nomad' is not supported"],
    [{ ...k8s, "k8s-manifests": "" }, "input 'k8s-manifests': is empty, and target is kubernetes"],
    [
      { ...k8s, command: "deploy", "k8s-manifests": "" },
      "input 'k8s-manifests': is empty, and target is kubernetes: deploy starts a color from them",
    ],
    [{ ...k8s, "preview-access": "tunnel" }, "input 'preview-access': 'tunnel' is not supported"],
    [
      { image: "registry.test/acme/shop", "preview-access": "port-forward" },
      "input 'preview-access': 'port-forward' is for target kubernetes",
    ],
    [{ ...k8s, "k8s-manifests": "missing.yaml" }, "input 'k8s-manifests': cannot read /w/missing.yaml"],
    [{ ...k8s, namespace: "Prod_1" }, "input 'namespace': 'Prod_1' is not a namespace name"],
    [{ ...k8s, app: "9shop" }, "input 'app': '9shop' cannot name Kubernetes Services"],
    [
      { ...k8s, "preview-url": "preview.example.com" },
      "input 'preview-url': 'preview.example.com' is not an http(s) URL",
    ],
    [{ ...k8s, "keep-seconds": "-1" }, "input 'keep-seconds': '-1' is not a whole number"],
    [{ ...k8s, "keep-seconds": "9999999999" }, "input 'keep-seconds': 9999999999 is more than 604800"],
  ])("refuses %j: %s", (inputs, message) => {
    expect(() => config(inputs as Partial<Record<InputName, string>>, files)).toThrow(message);
  });

  it.each([
    ["two Deployments", `${MANIFESTS}\n---\n${MANIFESTS}`, "holds 2 Deployment(s) and 2 Service(s)"],
    ["no Service", MANIFESTS.split("---")[0] ?? "", "holds 1 Deployment(s) and 0 Service(s)"],
  ])("refuses manifests with %s", (_what, text, message) => {
    expect(() => config(k8s, { "/w/k8s/app.yaml": text })).toThrow(`input 'k8s-manifests': ${message}`);
  });
});

describe("objects derived from the user's manifests", () => {
  const user = parseManifests([{ path: "app.yaml", text: MANIFESTS }]);

  it("records the environment's settings on the live Service and reads them back as input values", () => {
    const recorded = settingAnnotations({
      target: "kubernetes",
      app: "shop",
      image: "registry.test/acme/shop",
      "keep-seconds": "60",
      "preview-access": "port-forward",
      "preview-url": "",
    });
    expect(recorded).toEqual({
      "dev.greenlight.setting.target": "kubernetes",
      "dev.greenlight.setting.app": "shop",
      "dev.greenlight.setting.image": "registry.test/acme/shop",
      "dev.greenlight.setting.keep-seconds": "60",
      "dev.greenlight.setting.preview-access": "port-forward",
    });
    const live = colorService(user, place, "live", undefined, recorded);
    expect(live.metadata?.annotations).toMatchObject({ ...recorded, "dev.greenlight.role": "live" });
    expect(settingsOfService(live)).toEqual({
      target: "kubernetes",
      app: "shop",
      image: "registry.test/acme/shop",
      "keep-seconds": "60",
      "preview-access": "port-forward",
    });
    // a Service made before settings were recorded still names its app
    expect(settingsOfService(colorService(user, place, "live", undefined))).toEqual({
      target: "kubernetes",
      app: "shop",
    });
  });

  it.each([
    [
      "the same ports (defaults filled in by the API server)",
      [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP", nodePort: 30001 }],
      undefined,
    ],
    [
      "another port",
      [{ name: "http", port: 8080, targetPort: 8080 }],
      { running: "http 8080->8080/TCP", given: "http 80->8080/TCP" },
    ],
    [
      "another target port",
      [{ name: "http", port: 80, targetPort: 3000 }],
      { running: "http 80->3000/TCP", given: "http 80->8080/TCP" },
    ],
    [
      "a port more",
      [
        { name: "http", port: 80, targetPort: 8080 },
        { name: "m", port: 9090 },
      ],
      { running: "http 80->8080/TCP, m 9090->9090/TCP", given: "http 80->8080/TCP" },
    ],
  ] as const)("compares the Services' ports with the manifests': %s", (_what, ports, change) => {
    const running = { spec: { ports: ports.map((p) => ({ ...p })) } };
    expect(servicePortsChange(user, running)).toEqual(change);
  });

  it.each([
    [8080, undefined, 8080],
    ["8080", undefined, 8080],
    ["web", [{ name: "web", containerPort: 3000 }], 3000],
    ["web", [{ name: "other", containerPort: 3000 }], undefined],
    [undefined, undefined, 80],
  ] as const)("port-forward targets the pod port of targetPort %j", (targetPort, ports, expected) => {
    const service = { spec: { ports: [{ port: 80, ...(targetPort !== undefined ? { targetPort } : {}) }] } };
    const pod = {
      spec: { containers: [{ name: "web", ...(ports ? { ports: ports.map((p) => ({ ...p })) } : {}) }] },
    };
    expect(portTarget(service, pod)).toBe(expected);
  });

  it("pins the color's first container by digest and keeps the workload settings", () => {
    const previousDigest = `sha256:${"b".repeat(64)}`;
    const d = colorDeployment(user, place, { color: "green", image, digest, release: "r1", previousDigest });
    expect(d.metadata?.name).toBe("shop-green");
    expect(d.metadata?.namespace).toBe("prod");
    expect(d.spec?.replicas).toBe(2);
    expect(d.spec?.progressDeadlineSeconds).toBe(60);
    const [web, sidecar] = d.spec?.template?.spec?.containers ?? [];
    expect(web?.image).toBe(image);
    expect(web?.env).toEqual([{ name: "MODE", value: "prod" }]);
    expect(web?.resources).toEqual({ limits: { memory: "64Mi" } });
    expect(web?.readinessProbe?.httpGet?.path).toBe("/healthz");
    expect(sidecar?.image).toBe("proxy:1");
    const selector = {
      "dev.greenlight.app": "shop",
      "dev.greenlight.env": "production",
      "dev.greenlight.color": "green",
    };
    expect(d.spec?.selector?.matchLabels).toEqual(selector);
    expect(d.spec?.template?.metadata?.labels).toEqual({ app: "shop", ...selector });
    expect(d.metadata?.labels).toEqual({ team: "a", ...selector });
    // a label value cannot hold sha256:…: digest and release are annotations
    expect(Object.values(d.metadata?.labels ?? {}).some((v) => v.includes(":"))).toBe(false);
    expect(d.metadata?.annotations).toMatchObject({
      "dev.greenlight.digest": digest,
      "dev.greenlight.release": "r1",
      "dev.greenlight.previous-digest": previousDigest,
      // the names of the first container's variables, never their values (they may be secrets)
      "dev.greenlight.env-names": "MODE",
    });
    expect(JSON.stringify(d.metadata?.annotations)).not.toContain('prod"');
    expect(d.spec?.template?.metadata?.annotations).toMatchObject({ "dev.greenlight.release": "r1" });
  });

  it("makes live and preview NodePort Services from the user's ports, selecting no color at first", () => {
    const live = colorService(user, place, "live", undefined);
    const preview = colorService(user, place, "preview", 31500);
    expect(live.metadata?.name).toBe("shop");
    expect(preview.metadata?.name).toBe("shop-preview");
    expect(live.spec?.type).toBe("NodePort");
    expect(live.spec?.ports).toEqual([{ name: "http", port: 80, targetPort: 8080 }]);
    expect(preview.spec?.ports?.[0]?.nodePort).toBe(31500);
    expect(selectedColor(live)).toBeUndefined();
  });
});

describe("judgeAvailability", () => {
  const deployment = (status: V1Deployment["status"], generation = 1): V1Deployment => ({
    metadata: { generation },
    spec: { replicas: 1, selector: {}, template: {} },
    status,
  });
  const pod = (status: V1Pod["status"]): V1Pod => ({ metadata: {}, status });
  const full = { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 };

  it.each<[string, V1Deployment, V1Pod[], boolean, string]>([
    ["all replicas updated and available", deployment(full), [], true, "available 1/1"],
    ["the controller has not seen the new template yet", deployment(full, 2), [], false, "rolling out"],
    [
      "an image that cannot be pulled",
      deployment({ observedGeneration: 1, replicas: 1, updatedReplicas: 1, unavailableReplicas: 1 }),
      [
        pod({
          containerStatuses: [
            {
              name: "web",
              image,
              imageID: "",
              ready: false,
              restartCount: 0,
              state: { waiting: { reason: "ImagePullBackOff", message: "manifest unknown" } },
            },
          ],
        }),
      ],
      false,
      "container web ImagePullBackOff: manifest unknown",
    ],
    [
      "a crash loop",
      deployment({ observedGeneration: 1, replicas: 1, updatedReplicas: 1, unavailableReplicas: 1 }),
      [
        pod({
          containerStatuses: [
            {
              name: "web",
              image,
              imageID: "",
              ready: false,
              restartCount: 4,
              state: { waiting: { reason: "CrashLoopBackOff" } },
              lastState: { terminated: { exitCode: 3, reason: "Error" } },
            },
          ],
        }),
      ],
      false,
      "container web is in a crash loop (exit code 3, Error), 4 restart(s)",
    ],
    [
      "a failing readiness probe",
      deployment({ observedGeneration: 1, replicas: 1, updatedReplicas: 1, unavailableReplicas: 1 }),
      [
        pod({
          containerStatuses: [
            { name: "web", image, imageID: "", ready: false, restartCount: 0, state: { running: {} } },
          ],
        }),
      ],
      false,
      "container web runs but is not ready (its readiness probe fails)",
    ],
  ])("%s", (_what, d, pods, available, status) => {
    const judged = judgeAvailability(d, pods);
    expect(judged.available).toBe(available);
    expect(judged.status).toContain(status);
  });

  it("says when the progress deadline passed, and counts restarts", () => {
    const d = deployment({
      observedGeneration: 1,
      replicas: 1,
      updatedReplicas: 1,
      unavailableReplicas: 1,
      conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }],
    });
    const judged = judgeAvailability(d, [
      pod({ containerStatuses: [{ name: "web", image, imageID: "", ready: false, restartCount: 2 }] }),
    ]);
    expect(judged).toMatchObject({ available: false, failed: true, restarts: 2 });
    expect(judged.status).toContain("progress deadline exceeded");
  });
});
