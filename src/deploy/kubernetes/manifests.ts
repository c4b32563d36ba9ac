// What greenlight makes from the user's own Deployment and Service: one Deployment per color,
// pinned by digest, and the live and preview Services switched by their selectors. The user's
// workload settings (ports, env, probes, resources, replicas, progress deadline) are kept; only
// names, labels, selectors, annotations and the image are greenlight's. Pure.
import { createHash } from "node:crypto";
import type { V1Deployment, V1Service, V1ServicePort } from "@kubernetes/client-node";
import { parseAllDocuments } from "yaml";
import { GreenlightError, InputError } from "../../errors";
import { APP_LABEL, ENV_LABEL, LABEL } from "../labels";
import type { Color, StartSpec } from "../target";

export { APP_LABEL, ENV_LABEL, LABEL };
export const COLOR_LABEL = `${LABEL}.color`;
/** Annotations, not labels: a label value cannot hold `sha256:…` (no colon, at most 63 characters). */
export const DIGEST_ANNOTATION = `${LABEL}.digest`;
export const RELEASE_ANNOTATION = `${LABEL}.release`;
export const PREVIOUS_ANNOTATION = `${LABEL}.previous-digest`;
/** The image greenlight set, to tell a hand edit of the container's image. */
export const IMAGE_ANNOTATION = `${LABEL}.image`;
/** The sha256 of the pod template as the API server stored it when greenlight set it: tells a hand edit. */
export const TEMPLATE_ANNOTATION = `${LABEL}.template-sha256`;

/**
 * The names of the first container's environment variables when the color was staged, sorted and
 * comma-separated: never their values, which may be secrets. A release whose manifests drop one that
 * the live color has is warned about when it is staged (`status` shows them too).
 */
export const ENV_NAMES_ANNOTATION = `${LABEL}.env-names`;

/** The names of a container's environment variables, sorted and comma-separated (never their values). Pure. */
export function envNames(env: readonly { name: string }[] | undefined): string {
  return [...new Set((env ?? []).map((e) => e.name))].sort().join(",");
}

/** The sha256 of a pod template, its keys sorted (the API server's defaults included, as read back). */
export function templateHash(template: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === "object"
        ? Object.fromEntries(
            Object.entries(value as Record<string, unknown>)
              .filter(([, v]) => v !== undefined)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([k, v]) => [k, canonical(v)]),
          )
        : value;
  return createHash("sha256")
    .update(JSON.stringify(canonical(template)))
    .digest("hex");
}

/** On the previous color after a switch: when its keep window ends and it is scaled to 0 (ISO time). */
export const SCALE_DOWN_AT_ANNOTATION = `${LABEL}.scale-down-at`;
/** On a color scaled down after its keep window: the replicas a switch back scales it up to. */
export const REPLICAS_ANNOTATION = `${LABEL}.replicas`;
/** The live Service's selector value before the first promotion: it selects no pod. */
export const NO_COLOR = "none";

/** The objects of one app in one namespace. */
export interface KubernetesNames {
  colors: Record<Color, string>;
  live: string;
  preview: string;
  lock: string;
}

export function kubernetesNames(app: string): KubernetesNames {
  return {
    colors: { blue: `${app}-blue`, green: `${app}-green` },
    live: app,
    preview: `${app}-preview`,
    lock: `${app}-greenlight-lock`,
  };
}

/** The user's workload, read from `k8s-manifests`. */
export interface UserManifests {
  deployment: V1Deployment;
  service: V1Service;
}

/** Finds exactly one Deployment and one Service in the YAML documents of the `k8s-manifests` files. */
export function parseManifests(files: readonly { path: string; text: string }[]): UserManifests {
  const deployments: V1Deployment[] = [];
  const services: V1Service[] = [];
  for (const file of files) {
    let docs: unknown[];
    try {
      docs = yamlDocuments(file.text);
    } catch (error) {
      throw new InputError("k8s-manifests", `${file.path} is not YAML (${String(error)})`, "YAML files");
    }
    for (const doc of docs) {
      const kind = (doc as { kind?: string } | null)?.kind;
      if (kind === "Deployment") deployments.push(doc as V1Deployment);
      else if (kind === "Service") services.push(doc as V1Service);
    }
  }
  const [deployment] = deployments;
  const [service] = services;
  if (deployments.length !== 1 || services.length !== 1 || !deployment || !service) {
    throw new InputError(
      "k8s-manifests",
      `holds ${deployments.length} Deployment(s) and ${services.length} Service(s)`,
      "files that hold exactly one Deployment and one Service of the app",
    );
  }
  const containers = deployment.spec?.template?.spec?.containers ?? [];
  if (containers.length === 0) {
    throw new InputError(
      "k8s-manifests",
      "the Deployment has no containers",
      "a Deployment with a container",
    );
  }
  if (!service.spec?.ports?.length) {
    throw new InputError("k8s-manifests", "the Service has no ports", "a Service with at least one port");
  }
  return { deployment, service };
}

/**
 * The documents of one YAML stream as plain objects. (Not @kubernetes/client-node's `loadAllYaml`:
 * importing it loads the whole client, ~6 MB, into every command that reads its configuration.)
 */
function yamlDocuments(text: string): unknown[] {
  return parseAllDocuments(text).map((doc) => {
    const [error] = doc.errors;
    if (error) throw error;
    return doc.toJS();
  });
}

export interface Place {
  app: string;
  environment: string;
  namespace: string;
}

function selector(place: Place, color: Color | typeof NO_COLOR): Record<string, string> {
  return { [APP_LABEL]: place.app, [ENV_LABEL]: place.environment, [COLOR_LABEL]: color };
}

/**
 * The Deployment of one color: the user's, renamed `<app>-<color>`, its first container pinned to
 * the digest, labelled with the color and the release's digest and id in annotations.
 */
export function colorDeployment(user: UserManifests, place: Place, spec: StartSpec): V1Deployment {
  const names = kubernetesNames(place.app);
  const source = structuredClone(user.deployment);
  const labels = { ...(source.metadata?.labels ?? {}), ...selector(place, spec.color) };
  const annotations = {
    [DIGEST_ANNOTATION]: spec.digest,
    [RELEASE_ANNOTATION]: spec.release,
    [IMAGE_ANNOTATION]: spec.image,
    ...(spec.previousDigest ? { [PREVIOUS_ANNOTATION]: spec.previousDigest } : {}),
  };
  const template = source.spec?.template ?? {};
  const podSpec = template.spec ?? { containers: [] };
  const [first, ...rest] = podSpec.containers;
  if (!first) throw new GreenlightError("the Deployment of k8s-manifests has no containers");
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: names.colors[spec.color],
      namespace: place.namespace,
      labels,
      annotations: {
        ...(source.metadata?.annotations ?? {}),
        ...annotations,
        [ENV_NAMES_ANNOTATION]: envNames(first.env),
      },
    },
    spec: {
      ...source.spec,
      selector: { matchLabels: selector(place, spec.color) },
      template: {
        ...template,
        metadata: {
          ...template.metadata,
          labels: { ...(template.metadata?.labels ?? {}), ...selector(place, spec.color) },
          annotations: { ...(template.metadata?.annotations ?? {}), ...annotations },
        },
        spec: { ...podSpec, containers: [{ ...first, image: spec.image }, ...rest] },
      },
    },
  };
}

/**
 * The live (`<app>`) or preview (`<app>-preview`) Service: the user's ports, type NodePort, the
 * first port on `nodePort` when given; it selects the pods of one color (none at first).
 */
export function colorService(
  user: UserManifests,
  place: Place,
  role: "live" | "preview",
  nodePort: number | undefined,
  recorded: Record<string, string> = {},
): V1Service {
  const names = kubernetesNames(place.app);
  const source = structuredClone(user.service);
  const ports = (source.spec?.ports ?? []).map((port, index) => {
    const { nodePort: _ignored, ...rest } = port;
    return index === 0 && nodePort ? { ...rest, nodePort } : rest;
  });
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: role === "live" ? names.live : names.preview,
      namespace: place.namespace,
      labels: { ...(source.metadata?.labels ?? {}), [APP_LABEL]: place.app, [ENV_LABEL]: place.environment },
      annotations: { ...(source.metadata?.annotations ?? {}), ...recorded, [`${LABEL}.role`]: role },
    },
    spec: { type: "NodePort", ports, selector: selector(place, NO_COLOR) },
  };
}

/** A Service port as compared between the user's manifest and a live Service: name, port, target port, protocol. */
function portShape(port: V1ServicePort): string {
  const target = port.targetPort ?? port.port;
  return `${port.name ? `${port.name} ` : ""}${port.port}->${target}/${port.protocol ?? "TCP"}`;
}

/**
 * How the Services' ports (made once from the user's Service, when the environment was created)
 * differ from the user's Service now; undefined when they are the same. Node ports are the
 * cluster's, not compared. Pure.
 */
export function servicePortsChange(
  user: UserManifests,
  running: V1Service,
): { running: string; given: string } | undefined {
  const shape = (ports: V1ServicePort[] | undefined) => (ports ?? []).map(portShape).join(", ");
  const [now, given] = [shape(running.spec?.ports), shape(user.service.spec?.ports)];
  return now === given ? undefined : { running: now, given };
}

/** The color a Service's selector points at; undefined for none or a selector greenlight did not set. */
export function selectedColor(service: V1Service | undefined): Color | undefined {
  const color = service?.spec?.selector?.[COLOR_LABEL];
  return color === "blue" || color === "green" ? color : undefined;
}

/** The merge patch that points a Service at a color. */
export function selectorPatch(place: Place, color: Color): object {
  return { spec: { selector: selector(place, color) } };
}

/** The app names Services (a DNS-1035 label with `-preview` and `-greenlight-lock` appended). */
export function checkAppName(value: string): void {
  if (!/^[a-z]([a-z0-9-]{0,45}[a-z0-9])?$/.test(value)) {
    throw new InputError(
      "app",
      `'${value}' cannot name Kubernetes Services`,
      "lower-case letters, digits and '-', starting with a letter and ending with a letter or digit, at most 47 characters",
    );
  }
}

/** The environment is a label value: at most 63 alphanumerics with '-', '_', '.' inside. */
export function checkEnvironmentLabel(value: string): void {
  if (!/^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/.test(value)) {
    throw new InputError(
      "environment",
      `'${value}' is not a Kubernetes label value`,
      "at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
    );
  }
}
