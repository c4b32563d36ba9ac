import { setTimeout as sleep } from "node:timers/promises";
import type { V1Deployment, V1Pod, V1Service } from "@kubernetes/client-node";
import { GreenlightError } from "../../errors";
import { parseReference } from "../../image/reference";
import type { Logger } from "../../log";
import {
  COLORS,
  type Color,
  type ColorState,
  type Endpoints,
  type HeldLock,
  type LockInfo,
  type LockRequest,
  otherColor,
  type StartSpec,
  type Target,
  type TargetState,
} from "../target";
import { judgeAvailability } from "./availability";
import { apiError, type KubernetesApis, MERGE_PATCH, orAbsent, statusCode } from "./client";
import { acquireLeaseLock, breakLeaseLock, type LeasePlace, readLeaseLock } from "./lease-lock";
import {
  APP_LABEL,
  COLOR_LABEL,
  checkAppName,
  checkEnvironmentLabel,
  colorDeployment,
  colorService,
  DIGEST_ANNOTATION,
  ENV_LABEL,
  ENV_NAMES_ANNOTATION,
  envNames,
  IMAGE_ANNOTATION,
  kubernetesNames,
  LABEL,
  type Place,
  RELEASE_ANNOTATION,
  REPLICAS_ANNOTATION,
  SCALE_DOWN_AT_ANNOTATION,
  selectedColor,
  selectorPatch,
  servicePortsChange,
  TEMPLATE_ANNOTATION,
  templateHash,
  type UserManifests,
} from "./manifests";
import { forwardService, type ServiceForward } from "./port-forward";
import { type RecordedSetting, settingAnnotations } from "./remembered";

/** Options of the Kubernetes target: one environment of one app in one namespace. */
export interface KubernetesTargetOptions {
  app: string;
  environment: string;
  namespace: string;
  log: Logger;
  apis: KubernetesApis;
  /**
   * The user's Deployment and Service (`k8s-manifests`): needed to create the Services and to start
   * a color; `status`, `promote`, `reject` and a warm `rollback` of an existing environment need none.
   */
  manifests?: UserManifests;
  /** The settings the environment records on its live Service when it is created (read back by `readConfig`). */
  recorded?: Partial<Record<RecordedSetting, string>>;
  /**
   * How the gates reach the Services (`preview-access`): `node-port` (default) on `publicHost`, or
   * `port-forward` through the API server to a ready pod the Service selects. `previewUrl` and
   * `liveUrl` win over either.
   */
  previewAccess?: "node-port" | "port-forward";
  /** NodePorts of the live and preview Services' first port; default: the cluster picks them. */
  livePort?: number;
  previewPort?: number;
  /** Host in the endpoint URLs; default a Ready node's InternalIP (where NodePorts answer). */
  publicHost?: string;
  /** The gates' preview endpoint when a NodePort is not reachable from the runner (an Ingress). */
  previewUrl?: string;
  liveUrl?: string;
  /** How long a color may take to become available; default its progress deadline (600 s) plus 30 s. */
  startTimeoutMs?: number;
  /**
   * How long a started color must stay available without a container restart before it counts as
   * started (default 5 s): a container that crashes right after its first ready probe is not "up".
   */
  stableMs?: number;
  pollMs?: number;
  /**
   * `keep-seconds`: how long the previous color keeps its replicas after a switch (instant
   * rollback; its keep-alive connections drain), then it is scaled to 0. Default: never scaled down.
   */
  keepSeconds?: number;
  /**
   * The longest rest of a keep window the switching run waits out before it ends (outside the lock),
   * default 5 min; a longer window is closed by the next run that takes the lock.
   */
  keepWaitMs?: number;
}

/**
 * The Kubernetes target: a Deployment per color (`<app>-blue`, `<app>-green`) pinned by digest, a
 * live Service `<app>` and a preview Service `<app>-preview` switched by their selectors, and a
 * coordination.k8s.io Lease as the lock.
 *
 * The switch patches the live Service first, then the preview Service. Both colors are fully
 * available at that moment (a color scaled down is scaled up and waited for first), so each
 * Service always selects ready pods and no new connection is refused; kube-proxy moves new
 * connections within a fraction of a second. Established keep-alive connections stay on the old
 * pods until they close: the previous color keeps its replicas for `keep-seconds` after the switch
 * (instant rollback, and the drain window of those connections), then it is scaled to 0, which ends
 * its pods gracefully (SIGTERM, terminationGracePeriodSeconds): a server that closes its idle
 * connections on SIGTERM sends its long-lived clients to the new color. There is no controller:
 * the window's end is an annotation on the Deployment, acted on by whichever run holds the Lease
 * when it has passed (the switching run waits out a window of up to `keepWaitMs` after it ends).
 */
export class KubernetesTarget implements Target {
  readonly description: string;
  private readonly place: Place;
  private readonly names;
  private readonly resolvedPorts: { live?: number; preview?: number } = {};
  private nodeHost: string | undefined;
  private nodeLooked = false;
  /** The loopback listeners of `preview-access: port-forward`, open from `prepare` until the lock is released. */
  private forwards: { live?: ServiceForward; preview?: ServiceForward } = {};

  constructor(readonly options: KubernetesTargetOptions) {
    checkAppName(options.app);
    checkEnvironmentLabel(options.environment);
    this.place = { app: options.app, environment: options.environment, namespace: options.namespace };
    this.names = kubernetesNames(options.app);
    this.description = `kubernetes ${options.namespace}/${options.app} (${options.apis.server})`;
  }

  private get apps() {
    return this.options.apis.apps;
  }
  private get core() {
    return this.options.apis.core;
  }

  private labels(extra: Record<string, string> = {}): Record<string, string> {
    return { [APP_LABEL]: this.options.app, [ENV_LABEL]: this.options.environment, ...extra };
  }

  /** Refuses an object of the same name that another app or environment owns. */
  private owner(kind: string, name: string, labels: Record<string, string> | undefined): void {
    const app = labels?.[APP_LABEL];
    const env = labels?.[ENV_LABEL];
    if (app !== this.options.app || env !== this.options.environment) {
      throw new GreenlightError(
        `${kind} ${this.options.namespace}/${name} belongs to ${app ? `${app}/${env}` : "no greenlight environment"}, not ${this.options.app}/${this.options.environment}`,
        { hint: "choose another app name or namespace; greenlight never changes objects it did not create" },
      );
    }
  }

  /** Checks the namespace and creates the live and preview Services (selecting no pod until a color is set). */
  async prepare(): Promise<void> {
    const { namespace } = this.options;
    const ns = await orAbsent(this.core.readNamespace({ name: namespace }));
    if (!ns) {
      throw new GreenlightError(`the namespace ${namespace} does not exist`, {
        hint: "create it (kubectl create namespace) or pass another namespace input",
      });
    }
    await this.ensureService("live", this.options.livePort);
    await this.ensureService("preview", this.options.previewPort);
    await this.lookUpNode();
    await this.openForwards();
  }

  /** `preview-access: port-forward`: a loopback listener per Service the gates reach (not one given as a URL). */
  private async openForwards(): Promise<void> {
    if (this.options.previewAccess !== "port-forward") return;
    for (const role of ["preview", "live"] as const) {
      const given = role === "live" ? this.options.liveUrl : this.options.previewUrl;
      if (given || this.forwards[role]) continue;
      this.forwards[role] = await forwardService({
        config: this.options.apis.config,
        core: this.core,
        namespace: this.options.namespace,
        service: role === "live" ? this.names.live : this.names.preview,
        log: this.options.log,
      });
    }
    const opened = Object.entries(this.forwards).map(([role, f]) => `${role} ${f.url}`);
    if (opened.length)
      this.options.log.info(
        `the gates reach the Services through the API server's port-forward: ${opened.join(", ")}`,
      );
  }

  private async closeForwards(): Promise<void> {
    const open = Object.values(this.forwards);
    this.forwards = {};
    await Promise.all(open.map((f) => f.close()));
  }

  /** The user's manifests, or a refusal saying what needs them. */
  private userManifests(what: string): UserManifests {
    if (this.options.manifests) return this.options.manifests;
    throw new GreenlightError(`${what} needs the app's manifests, and k8s-manifests is not given`, {
      hint: "give k8s-manifests: the YAML files with the app's Deployment and Service",
    });
  }

  /** Finds the node address once per target (prepare, or readState for `status`). */
  private async lookUpNode(): Promise<void> {
    if (this.nodeLooked) return;
    this.nodeLooked = true;
    this.nodeHost = await this.findNodeAddress();
  }

  /** A Ready node's InternalIP, where the NodePorts answer; undefined when nodes cannot be listed. */
  private async findNodeAddress(): Promise<string | undefined> {
    if (this.options.publicHost) return this.options.publicHost;
    try {
      const nodes = await this.core.listNode();
      for (const node of nodes.items) {
        const ready = node.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
        const address = node.status?.addresses?.find((a) => a.type === "InternalIP")?.address;
        if (ready && address) return address;
      }
    } catch (error) {
      this.options.log.warn(
        `cannot list nodes to find where the NodePorts answer (${apiError(error).message}); pass preview-url and public-url`,
      );
    }
    return undefined;
  }

  private async ensureService(role: "live" | "preview", nodePort: number | undefined): Promise<void> {
    const name = role === "live" ? this.names.live : this.names.preview;
    let service = await orAbsent(
      this.core.readNamespacedService({ name, namespace: this.options.namespace }),
    );
    const recorded = role === "live" ? settingAnnotations(this.options.recorded ?? {}) : {};
    if (service) {
      this.owner("Service", name, service.metadata?.labels);
      this.checkPorts(service);
      if (role === "live") await this.recordMissing(service, recorded);
    } else {
      try {
        service = await this.core.createNamespacedService({
          namespace: this.options.namespace,
          body: colorService(
            this.userManifests(`creating the Service ${name}`),
            this.place,
            role,
            nodePort,
            recorded,
          ),
        });
      } catch (error) {
        if (statusCode(error) !== 409) throw apiError(error, `cannot create the Service ${name}`);
        service = await this.core.readNamespacedService({ name, namespace: this.options.namespace });
      }
    }
    this.resolvedPorts[role] = service.spec?.ports?.[0]?.nodePort;
  }

  /**
   * The Services' ports are made once from the user's Service (they are the clients' connections):
   * manifests whose Service has other ports are refused, with the difference, never half applied.
   */
  private checkPorts(service: V1Service): void {
    if (!this.options.manifests) return;
    const change = servicePortsChange(this.options.manifests, service);
    if (!change) return;
    const name = service.metadata?.name ?? "";
    throw new GreenlightError(
      `environment ${this.options.environment} serves on the Service ${this.options.namespace}/${name} with ports ${change.running}; k8s-manifests' Service has ${change.given}: an environment's Service ports are fixed when it is created, and greenlight never serves or checks it on other ones`,
      {
        hint: `keep the Service's ports (${change.running}) in k8s-manifests, or deploy to a new environment (or delete the Services ${this.names.live} and ${this.names.preview} and deploy again: their clients are cut off)`,
      },
    );
  }

  /**
   * Records on an existing live Service the settings it does not hold yet (an environment made
   * before they were recorded); a recorded setting is never changed, as on the Docker router.
   */
  private async recordMissing(service: V1Service, recorded: Record<string, string>): Promise<void> {
    const have = service.metadata?.annotations ?? {};
    const missing = Object.fromEntries(Object.entries(recorded).filter(([key]) => have[key] === undefined));
    if (!Object.keys(missing).length) return;
    const name = service.metadata?.name ?? this.names.live;
    try {
      await this.core.patchNamespacedService(
        { name, namespace: this.options.namespace, body: { metadata: { annotations: missing } } },
        MERGE_PATCH,
      );
    } catch (error) {
      throw apiError(error, `cannot record the environment's settings on the Service ${name}`);
    }
  }

  async readState(): Promise<TargetState> {
    const { namespace } = this.options;
    const [blue, green, live, preview, lock, pods, replicaSets] = await Promise.all([
      orAbsent(this.apps.readNamespacedDeployment({ name: this.names.colors.blue, namespace })),
      orAbsent(this.apps.readNamespacedDeployment({ name: this.names.colors.green, namespace })),
      orAbsent(this.core.readNamespacedService({ name: this.names.live, namespace })),
      orAbsent(this.core.readNamespacedService({ name: this.names.preview, namespace })),
      readLeaseLock(this.leasePlace()),
      this.pods(),
      this.apps
        .listNamespacedReplicaSet({ namespace, labelSelector: this.selectorOf() })
        .then((list) => list.items)
        .catch(() => []),
    ]);
    await this.lookUpNode();
    if (live) this.resolvedPorts.live = live.spec?.ports?.[0]?.nodePort;
    if (preview) this.resolvedPorts.preview = preview.spec?.ports?.[0]?.nodePort;
    const colors: TargetState["colors"] = {};
    const driftFacts: string[] = [];
    for (const [color, deployment] of [
      ["blue", blue],
      ["green", green],
    ] as const) {
      if (!deployment) continue;
      this.owner("Deployment", this.names.colors[color], deployment.metadata?.labels);
      colors[color] = colorState(color, deployment, pods);
      const label = deployment.metadata?.labels?.[COLOR_LABEL];
      if (label !== color) driftFacts.push(`${this.names.colors[color]} is labelled color '${label}'`);
      const set = deployment.metadata?.annotations?.[IMAGE_ANNOTATION];
      const image = colors[color]?.image;
      if (set && image !== set)
        driftFacts.push(`${this.names.colors[color]} runs ${image}, greenlight set ${set} (edited by hand)`);
      const hash = deployment.metadata?.annotations?.[TEMPLATE_ANNOTATION];
      if (hash && hash !== templateHash(deployment.spec?.template))
        driftFacts.push(
          `${this.names.colors[color]}'s pod template differs from the one greenlight set (edited by hand: kubectl edit/set/rollout restart)`,
        );
    }
    // a ReplicaSet with pods running another image than the one greenlight set (a hand edit's leftover)
    for (const set of replicaSets) {
      if (!(set.status?.replicas ?? 0)) continue;
      const color = set.metadata?.labels?.[COLOR_LABEL];
      const deployment = color === "blue" ? blue : color === "green" ? green : undefined;
      const want = deployment?.metadata?.annotations?.[IMAGE_ANNOTATION];
      const runs = set.spec?.template?.spec?.containers?.[0]?.image;
      if (want && runs && runs !== want)
        driftFacts.push(
          `ReplicaSet ${set.metadata?.name} runs ${set.status?.replicas} pod(s) of ${runs}, greenlight set ${want}`,
        );
    }
    for (const [role, service] of [
      ["live", live],
      ["preview", preview],
    ] as const) {
      if (!service) continue;
      const name = service.metadata?.name ?? role;
      this.owner("Service", name, service.metadata?.labels);
      const value = service.spec?.selector?.[COLOR_LABEL];
      if (value && value !== "none" && !selectedColor(service))
        driftFacts.push(`Service ${name} selects color '${value}'`);
    }
    return {
      app: this.options.app,
      environment: this.options.environment,
      live: selectedColor(live),
      preview: selectedColor(preview),
      colors,
      ...(lock ? { lock } : {}),
      driftFacts,
    };
  }

  private selectorOf(color?: Color): string {
    return Object.entries(this.labels(color ? { [COLOR_LABEL]: color } : {}))
      .map(([k, v]) => `${k}=${v}`)
      .join(",");
  }

  private async pods(color?: Color): Promise<V1Pod[]> {
    const selector = this.selectorOf(color);
    const list = await this.core
      .listNamespacedPod({ namespace: this.options.namespace, labelSelector: selector })
      .catch((error) => {
        throw apiError(error, "cannot list pods");
      });
    return list.items;
  }

  /**
   * Creates or replaces the color's Deployment from the user's manifest, pinned to the digest, and
   * waits until it is fully available; fails with the pods' reasons when its progress deadline
   * passes (image pull, crash loop, failing readiness).
   */
  async start(spec: StartSpec): Promise<void> {
    const ref = parseReference(spec.image, "image");
    if (ref.digest !== spec.digest) {
      throw new GreenlightError(`refusing to start ${spec.image}: not pinned by the digest ${spec.digest}`);
    }
    const { namespace } = this.options;
    const name = this.names.colors[spec.color];
    const body = colorDeployment(this.userManifests(`starting ${name}`), this.place, spec);
    const existing = await orAbsent(this.apps.readNamespacedDeployment({ name, namespace }));
    if (existing) this.owner("Deployment", name, existing.metadata?.labels);
    await this.warnDroppedEnv(spec.color, body);
    let stored: V1Deployment;
    try {
      if (existing) {
        stored = await this.apps.replaceNamespacedDeployment({
          name,
          namespace,
          body: {
            ...body,
            metadata: { ...body.metadata, resourceVersion: existing.metadata?.resourceVersion },
          },
        });
      } else {
        stored = await this.apps.createNamespacedDeployment({ namespace, body });
      }
    } catch (error) {
      throw apiError(error, `cannot ${existing ? "replace" : "create"} the Deployment ${name}`);
    }
    // the template as stored (defaults filled in), so a later hand edit of it shows in `status`
    await this.patchDeployment(name, {
      metadata: { annotations: { [TEMPLATE_ANNOTATION]: templateHash(stored.spec?.template) } },
    });
    await this.waitAvailable(spec, body);
  }

  /**
   * Warns when the color being started lacks environment variables the live color runs with (by
   * name: values are never recorded), e.g. a rollback `--to` with manifests that forgot one.
   */
  private async warnDroppedEnv(color: Color, body: V1Deployment): Promise<void> {
    const other = this.names.colors[otherColor(color)];
    const live = await orAbsent(
      this.apps.readNamespacedDeployment({ name: other, namespace: this.options.namespace }),
    ).catch(() => undefined);
    const had = live?.metadata?.annotations?.[ENV_NAMES_ANNOTATION];
    if (!had) return;
    const now = new Set(envNames(body.spec?.template?.spec?.containers?.[0]?.env).split(","));
    const dropped = had.split(",").filter((n) => n && !now.has(n));
    if (dropped.length)
      this.options.log.warn(
        `${this.names.colors[color]} starts without the environment variable(s) ${dropped.join(", ")} that ${other} runs with (k8s-manifests' container env)`,
      );
  }

  private async waitAvailable(
    spec: Pick<StartSpec, "color" | "release" | "image">,
    body: V1Deployment,
  ): Promise<void> {
    const { namespace } = this.options;
    const name = this.names.colors[spec.color];
    const deadlineSeconds = body.spec?.progressDeadlineSeconds ?? 600;
    const timeoutMs = this.options.startTimeoutMs ?? (deadlineSeconds + 30) * 1000;
    const until = Date.now() + timeoutMs;
    let stableSince: number | undefined;
    for (;;) {
      const deployment = await this.apps.readNamespacedDeployment({ name, namespace });
      const pods = (await this.pods(spec.color)).filter(
        (pod) => pod.metadata?.annotations?.[RELEASE_ANNOTATION] === spec.release,
      );
      const judged = judgeAvailability(deployment, pods);
      if (judged.available && judged.restarts === 0) {
        stableSince ??= Date.now();
        if (Date.now() - stableSince >= (this.options.stableMs ?? 5000)) return;
      } else {
        stableSince = undefined;
      }
      if (judged.failed || judged.crashLooping || Date.now() > until) {
        const why = judged.crashLooping
          ? "is in a crash loop"
          : judged.failed
            ? `did not become available within its progress deadline (${deadlineSeconds}s)`
            : `did not become available and stay up within ${Math.round(timeoutMs / 1000)}s`;
        throw new GreenlightError(`Deployment ${name} (${spec.image}) ${why}: ${judged.status}`, {
          hint: judged.reasons.some((r) => /ImagePull|ErrImage/.test(r))
            ? "check that the cluster can pull the image (imagePullSecrets, registry credentials on the nodes)"
            : "see the pods' events and logs: kubectl describe pod / kubectl logs",
        });
      }
      await sleep(this.options.pollMs ?? 1000);
    }
  }

  /** Points preview at the color and waits until its endpoints are that color's pods only (the gates then test it). */
  async exposePreview(color: Color): Promise<void> {
    await this.patchSelector(this.names.preview, color);
    await this.waitEndpoints(this.names.preview, color);
  }

  /**
   * Live first (the switch is made the moment live selects the new color), then preview to the old
   * one; waits until live's endpoints are the new color's pods only, so the watch watches it.
   */
  async switchLive(color: Color): Promise<void> {
    await this.scaleUp(color); // never a switch to a color without ready pods
    await this.patchSelector(this.names.live, color);
    await this.patchSelector(this.names.preview, otherColor(color));
    await this.waitEndpoints(this.names.live, color);
    await this.keepUntil(color, undefined);
    if (this.options.keepSeconds !== undefined) {
      const at = new Date(Date.now() + this.options.keepSeconds * 1000).toISOString();
      await this.keepUntil(otherColor(color), at);
    }
  }

  /** Sets (or, with undefined, clears) the end of a color's keep window; a missing color is fine. */
  private async keepUntil(color: Color, at: string | undefined): Promise<void> {
    const name = this.names.colors[color];
    const deployment = await orAbsent(
      this.apps.readNamespacedDeployment({ name, namespace: this.options.namespace }),
    );
    const current = deployment?.metadata?.annotations?.[SCALE_DOWN_AT_ANNOTATION];
    if (!deployment || current === at) return;
    await this.patchDeployment(name, {
      metadata: { annotations: { [SCALE_DOWN_AT_ANNOTATION]: at ?? null } },
    });
  }

  private async patchDeployment(name: string, body: object): Promise<void> {
    try {
      await this.apps.patchNamespacedDeployment(
        { name, namespace: this.options.namespace, body },
        MERGE_PATCH,
      );
    } catch (error) {
      throw apiError(error, `cannot patch the Deployment ${name}`);
    }
  }

  /**
   * Scales a color kept at 0 replicas back up (to the replicas it had) and waits until it is
   * available; also waits for a color that is not available yet. Returns at once when it serves.
   */
  async scaleUp(color: Color): Promise<void> {
    const { namespace } = this.options;
    const name = this.names.colors[color];
    const deployment = await orAbsent(this.apps.readNamespacedDeployment({ name, namespace }));
    if (!deployment)
      throw new GreenlightError(`cannot switch to ${color}: the Deployment ${name} does not exist`);
    this.owner("Deployment", name, deployment.metadata?.labels);
    const annotations = deployment.metadata?.annotations ?? {};
    const spec = {
      color,
      release: annotations[RELEASE_ANNOTATION] ?? "",
      image: deployment.spec?.template?.spec?.containers?.[0]?.image ?? name,
    };
    if (deployment.spec?.replicas === 0) {
      const replicas =
        Number(annotations[REPLICAS_ANNOTATION]) || this.options.manifests?.deployment.spec?.replicas || 1;
      this.options.log.info(`scaling ${name} up to ${replicas} replica(s) before the switch`);
      await this.patchDeployment(name, {
        spec: { replicas },
        metadata: { annotations: { [REPLICAS_ANNOTATION]: null } },
      });
    } else if (judgeAvailability(deployment, await this.pods(color)).available) {
      return;
    }
    await this.waitAvailable(spec, deployment);
  }

  /**
   * Scales to 0 the color that is not live once its keep window has passed (its pods end
   * gracefully; the Deployment and its annotations stay, for a rollback that scales it up). Run by
   * the Lease's holder only. Returns the colors scaled down.
   */
  async scaleDownDue(now = Date.now()): Promise<Color[]> {
    const { namespace } = this.options;
    const live = selectedColor(
      await orAbsent(this.core.readNamespacedService({ name: this.names.live, namespace })),
    );
    const done: Color[] = [];
    for (const color of COLORS) {
      if (color === live) continue;
      const name = this.names.colors[color];
      const deployment = await orAbsent(this.apps.readNamespacedDeployment({ name, namespace }));
      const due = Date.parse(deployment?.metadata?.annotations?.[SCALE_DOWN_AT_ANNOTATION] ?? "");
      if (!deployment || Number.isNaN(due) || due > now) continue;
      this.owner("Deployment", name, deployment.metadata?.labels);
      const replicas = deployment.spec?.replicas ?? 1;
      await this.patchDeployment(name, {
        spec: { replicas: 0 },
        metadata: {
          annotations: { [SCALE_DOWN_AT_ANNOTATION]: null, [REPLICAS_ANNOTATION]: String(replicas) },
        },
      });
      this.options.log.info(
        `scaled ${name} down to 0 (its keep window ended; a rollback scales it up again)`,
      );
      done.push(color);
    }
    return done;
  }

  /** When the next keep window ends (ms since the epoch), if one is pending. */
  private async nextKeepEnd(): Promise<number | undefined> {
    const { namespace } = this.options;
    const ends: number[] = [];
    for (const color of COLORS) {
      const deployment = await orAbsent(
        this.apps.readNamespacedDeployment({ name: this.names.colors[color], namespace }),
      );
      const due = Date.parse(deployment?.metadata?.annotations?.[SCALE_DOWN_AT_ANNOTATION] ?? "");
      if (!Number.isNaN(due)) ends.push(due);
    }
    return ends.length ? Math.min(...ends) : undefined;
  }

  /**
   * Waits until the Service's EndpointSlices list ready addresses, all of them pods of `color`. What
   * remains is kube-proxy's sync of the node's rules (measured: ~0.13 s median), not observable here.
   */
  private async waitEndpoints(service: string, color: Color): Promise<void> {
    const { namespace } = this.options;
    const until = Date.now() + 60_000;
    let seen = "";
    while (Date.now() < until) {
      const ips = new Set((await this.pods(color)).map((pod) => pod.status?.podIP).filter(Boolean));
      const slices = await this.options.apis.discovery
        .listNamespacedEndpointSlice({ namespace, labelSelector: `kubernetes.io/service-name=${service}` })
        .catch((error) => {
          throw apiError(error, `cannot read the endpoints of ${service}`);
        });
      const ready = slices.items.flatMap((slice) =>
        (slice.endpoints ?? []).filter((e) => e.conditions?.ready !== false).flatMap((e) => e.addresses),
      );
      if (ready.length > 0 && ready.every((ip) => ips.has(ip))) return;
      seen = ready.join(", ") || "none";
      await sleep(this.options.pollMs ?? 250);
    }
    throw new GreenlightError(
      `the Service ${service} did not select only ${color}'s pods within 60s (ready endpoints: ${seen})`,
    );
  }

  private async patchSelector(name: string, color: Color): Promise<void> {
    try {
      await this.core.patchNamespacedService(
        { name, namespace: this.options.namespace, body: selectorPatch(this.place, color) },
        MERGE_PATCH,
      );
    } catch (error) {
      throw apiError(error, `cannot point the Service ${name} at ${color}`);
    }
  }

  /** Deletes a color's Deployment and waits until its pods are gone (so a new one never adopts them). */
  async retire(color: Color): Promise<void> {
    const { namespace } = this.options;
    const name = this.names.colors[color];
    const existing = await orAbsent(this.apps.readNamespacedDeployment({ name, namespace }));
    if (!existing) return;
    this.owner("Deployment", name, existing.metadata?.labels);
    try {
      await this.apps.deleteNamespacedDeployment({
        name,
        namespace,
        body: { propagationPolicy: "Foreground", preconditions: { uid: existing.metadata?.uid } },
      });
    } catch (error) {
      const code = statusCode(error);
      if (code !== 404 && code !== 409) throw apiError(error, `cannot delete the Deployment ${name}`);
    }
    const until = Date.now() + 120_000;
    while (Date.now() < until) {
      const gone = !(await orAbsent(this.apps.readNamespacedDeployment({ name, namespace })));
      if (gone && (await this.pods(color)).length === 0) return;
      await sleep(this.options.pollMs ?? 500);
    }
    throw new GreenlightError(`the Deployment ${name} and its pods were not gone within 120s`);
  }

  private leasePlace(): LeasePlace {
    return {
      api: this.options.apis.coordination,
      namespace: this.options.namespace,
      name: this.names.lock,
      labels: this.labels({ [`${LABEL}.role`]: "lock" }),
      log: this.options.log,
      ...(this.options.pollMs ? { pollMs: this.options.pollMs } : {}),
    };
  }

  /**
   * Takes the Lease and closes the keep windows that have passed. Its release closes the windows
   * that passed during the run, releases the Lease, then waits out a window ending within
   * `keepWaitMs` and retakes the Lease (without waiting for it) to close that one too; a run that
   * holds the Lease then closes it instead.
   */
  async acquireLock(request: LockRequest): Promise<HeldLock> {
    let lost = false;
    const held = await acquireLeaseLock(this.leasePlace(), {
      ...request,
      onLost: (why) => {
        lost = true;
        request.onLost?.(why);
      },
    }).catch(async (error) => {
      await this.closeForwards();
      throw error;
    });
    await this.closeKeepWindows();
    return {
      info: held.info,
      release: async () => {
        await this.closeForwards(); // the run's gates and watch are over
        if (!lost) await this.closeKeepWindows();
        await held.release();
        if (lost || this.options.keepSeconds === undefined) return;
        const end = await this.nextKeepEnd().catch(() => undefined);
        const wait = end === undefined ? undefined : end - Date.now();
        if (wait === undefined || wait > (this.options.keepWaitMs ?? 300_000)) return;
        if (wait > 0) {
          this.options.log.info(
            `keeping the previous color for rollback until ${new Date(end as number).toISOString()}, then scaling it down`,
          );
          const stopped = await sleep(wait, false, { signal: request.signal }).catch(() => true);
          if (stopped) return;
        }
        const again = await acquireLeaseLock(this.leasePlace(), { ...request, waitMs: 0 }).catch(
          () => undefined,
        );
        if (!again) return; // another run holds the environment: it closes the window
        try {
          await this.closeKeepWindows();
        } finally {
          await again.release();
        }
      },
    };
  }

  private async closeKeepWindows(): Promise<void> {
    await this.scaleDownDue().catch((error) =>
      this.options.log.warn(`could not scale down the previous color: ${apiError(error).message}`),
    );
  }

  breakLock(holder: LockInfo): Promise<void> {
    return breakLeaseLock(this.leasePlace(), holder);
  }

  /**
   * The NodePort URLs on `publicHost`, or `preview-url`/`live-url` when given. The ports are the
   * configured NodePorts, or the ones the cluster picked, known after `prepare`.
   */
  endpoints(): Endpoints {
    const host = this.options.publicHost ?? this.nodeHost ?? "127.0.0.1";
    const live = this.options.livePort ?? this.resolvedPorts.live;
    const preview = this.options.previewPort ?? this.resolvedPorts.preview;
    return {
      liveUrl:
        this.options.liveUrl ??
        this.forwards.live?.url ??
        (live ? `http://${host}:${live}` : `service ${this.names.live}`),
      previewUrl:
        this.options.previewUrl ??
        this.forwards.preview?.url ??
        (preview ? `http://${host}:${preview}` : `service ${this.names.preview}`),
    };
  }

  /** Removes the environment's objects (Deployments, Services, Lease); for tests and teardown. */
  async destroy(): Promise<void> {
    const { namespace } = this.options;
    await this.closeForwards();
    for (const color of COLORS) await this.retire(color).catch(() => undefined);
    for (const name of [this.names.live, this.names.preview]) {
      await orAbsent(this.core.deleteNamespacedService({ name, namespace })).catch(() => undefined);
    }
    await orAbsent(
      this.options.apis.coordination.deleteNamespacedLease({ name: this.names.lock, namespace }),
    ).catch(() => undefined);
  }
}

function colorState(color: Color, deployment: V1Deployment, pods: readonly V1Pod[]): ColorState {
  const mine = pods.filter((pod) => pod.metadata?.labels?.[COLOR_LABEL] === color);
  const judged = judgeAvailability(deployment, mine);
  const annotations = deployment.metadata?.annotations ?? {};
  const labels = Object.fromEntries(
    Object.entries({ ...(deployment.metadata?.labels ?? {}), ...annotations }).filter(([k]) =>
      k.startsWith(`${LABEL}.`),
    ),
  );
  const image = deployment.spec?.template?.spec?.containers?.[0]?.image ?? "";
  const digest = annotations[DIGEST_ANNOTATION];
  const release = annotations[RELEASE_ANNOTATION];
  const wanted = deployment.spec?.replicas;
  const scaledDown = wanted === 0 && annotations[REPLICAS_ANNOTATION] !== undefined;
  const due = annotations[SCALE_DOWN_AT_ANNOTATION];
  return {
    color,
    running: judged.available,
    status: scaledDown
      ? `scaled down after its keep window (kept for rollback: ${annotations[REPLICAS_ANNOTATION]} replica(s) when scaled up)`
      : `${judged.status}${due ? `, kept until ${due}` : ""}`,
    ...(scaledDown ? { scaledDown } : {}),
    image,
    digest,
    release,
    labels,
    restarts: judged.restarts,
    ...(deployment.metadata?.creationTimestamp
      ? { startedAt: new Date(deployment.metadata.creationTimestamp).toISOString() }
      : {}),
  };
}
