import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  describeHolder,
  sameWorkflowRun
} from "./chunk-DQEYF2JE.mjs";
import {
  DEFAULT_LEASE,
  heartbeat,
  leaseExpiresAt
} from "./chunk-3OL7I2IW.mjs";
import {
  throwIfCancelled
} from "./chunk-WXS3AS6K.mjs";
import "./chunk-LJTNHG3R.mjs";
import {
  COLORS,
  otherColor
} from "./chunk-TD6C3PZA.mjs";
import {
  settingAnnotations
} from "./chunk-ZBLURP6P.mjs";
import {
  COLOR_LABEL,
  DIGEST_ANNOTATION,
  ENV_NAMES_ANNOTATION,
  IMAGE_ANNOTATION,
  RELEASE_ANNOTATION,
  REPLICAS_ANNOTATION,
  SCALE_DOWN_AT_ANNOTATION,
  TEMPLATE_ANNOTATION,
  checkAppName,
  checkEnvironmentLabel,
  colorDeployment,
  colorService,
  envNames,
  kubernetesNames,
  selectedColor,
  selectorPatch,
  servicePortsChange,
  templateHash
} from "./chunk-W6HQBBLQ.mjs";
import {
  APP_LABEL,
  ENV_LABEL,
  LABEL
} from "./chunk-XR4YHTGR.mjs";
import {
  MERGE_PATCH,
  PortForward,
  V1MicroTime,
  apiError,
  orAbsent,
  statusCode
} from "./chunk-BUELDKBH.mjs";
import "./chunk-JVFMGPSM.mjs";
import "./chunk-HLSVML6X.mjs";
import {
  parseReference
} from "./chunk-UEFSGM5H.mjs";
import "./chunk-TW2U35TL.mjs";
import {
  GreenlightError,
  describeError
} from "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";

// src/deploy/kubernetes/target.ts
import { setTimeout as sleep2 } from "node:timers/promises";

// src/deploy/kubernetes/availability.ts
function judgeAvailability(deployment, pods) {
  const wanted = deployment.spec?.replicas ?? 1;
  const s = deployment.status ?? {};
  const generation = deployment.metadata?.generation ?? 0;
  const observed = (s.observedGeneration ?? 0) >= generation;
  const available = observed && wanted > 0 && (s.updatedReplicas ?? 0) >= wanted && (s.availableReplicas ?? 0) >= wanted && (s.replicas ?? 0) === (s.updatedReplicas ?? 0) && (s.unavailableReplicas ?? 0) === 0;
  const progressing = s.conditions?.find((c) => c.type === "Progressing");
  const failed = !available && progressing?.status === "False" && progressing.reason === "ProgressDeadlineExceeded";
  const reasons = podReasons(pods);
  const restarts = pods.reduce(
    (sum, pod) => sum + (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0),
    0
  );
  const count = observed ? `${s.availableReplicas ?? 0}/${wanted} available` : `rolling out (generation ${generation} not yet observed)`;
  const status = available ? `available ${s.availableReplicas}/${wanted}` : `${count}${failed ? ", progress deadline exceeded" : ""}${reasons.length ? `: ${reasons.join("; ")}` : ""}`;
  const crashLooping = pods.some(
    (pod) => (pod.status?.containerStatuses ?? []).some((c) => c.state?.waiting?.reason === "CrashLoopBackOff")
  );
  return { available, failed, status, restarts, reasons, crashLooping };
}
function podReasons(pods) {
  const reasons = /* @__PURE__ */ new Set();
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const scheduled = pod.status?.conditions?.find((c) => c.type === "PodScheduled");
    if (scheduled?.status === "False")
      reasons.add(`not scheduled: ${scheduled.message ?? scheduled.reason ?? ""}`);
    for (const c of [
      ...pod.status?.initContainerStatuses ?? [],
      ...pod.status?.containerStatuses ?? []
    ]) {
      const waiting = c.state?.waiting;
      const last = c.lastState?.terminated;
      if (waiting?.reason === "CrashLoopBackOff") {
        const exit = last ? ` (exit code ${last.exitCode}${last.reason ? `, ${last.reason}` : ""})` : "";
        reasons.add(`container ${c.name} is in a crash loop${exit}, ${c.restartCount} restart(s)`);
      } else if (waiting?.reason && waiting.reason !== "ContainerCreating" && waiting.reason !== "PodInitializing") {
        reasons.add(`container ${c.name} ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ""}`);
      } else if (c.state?.running && !c.ready) {
        reasons.add(`container ${c.name} runs but is not ready (its readiness probe fails)`);
      } else if (c.state?.terminated) {
        const t = c.state.terminated;
        reasons.add(`container ${c.name} exited with code ${t.exitCode}${t.reason ? ` (${t.reason})` : ""}`);
      }
    }
  }
  return [...reasons];
}

// src/deploy/kubernetes/lease-lock.ts
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
var OWNER = "dev.greenlight.lock.owner";
var RUN_URL = "dev.greenlight.lock.run-url";
var LEASE_MS = "dev.greenlight.lock.lease-ms";
async function readLeaseLock(place) {
  const lease = await orAbsent(
    place.api.readNamespacedLease({ name: place.name, namespace: place.namespace })
  );
  return lease ? holderOf(lease) : void 0;
}
function holderOf(lease) {
  const annotations = lease.metadata?.annotations ?? {};
  const validityMs = Number(annotations[LEASE_MS]) || (lease.spec?.leaseDurationSeconds ?? 0) * 1e3;
  const renewed = lease.spec?.renewTime ?? lease.spec?.acquireTime;
  const renewedAt = renewed ? new Date(renewed).toISOString() : "";
  return {
    id: lease.metadata?.uid ?? "",
    owner: annotations[OWNER] ?? lease.spec?.holderIdentity ?? "unknown",
    ...annotations[RUN_URL] ? { runUrl: annotations[RUN_URL] } : {},
    expiresAt: leaseExpiresAt({ renewedAt, validityMs }),
    ...renewedAt ? { heartbeatAt: renewedAt } : {}
  };
}
async function acquireLeaseLock(place, request) {
  const now = place.now ?? Date.now;
  const timing = request.lease ?? DEFAULT_LEASE;
  const deadline = now() + request.waitMs;
  const identity = `${request.owner}-${randomBytes(6).toString("hex")}`;
  let waitedFor;
  for (; ; ) {
    throwIfCancelled(request.signal);
    const at = new V1MicroTime(now());
    const lease = {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: {
        name: place.name,
        namespace: place.namespace,
        labels: place.labels,
        annotations: {
          [OWNER]: request.owner,
          [LEASE_MS]: String(timing.validityMs),
          ...request.runUrl ? { [RUN_URL]: request.runUrl } : {}
        }
      },
      spec: {
        holderIdentity: identity,
        leaseDurationSeconds: Math.max(1, Math.ceil(timing.validityMs / 1e3)),
        acquireTime: at,
        renewTime: at
      }
    };
    let created;
    try {
      created = await place.api.createNamespacedLease({ namespace: place.namespace, body: lease });
    } catch (error) {
      if (statusCode(error) !== 409) throw apiError(error, `cannot create the Lease ${place.name}`);
    }
    if (created) {
      const held = holderOf(created);
      const heartbeat2 = startHeartbeat(place, created, timing, request.onLost);
      return {
        info: held,
        release: async () => {
          await heartbeat2.stop();
          await deleteLease(place, held.id).catch(
            (error) => place.log.warn(`could not delete the Lease ${place.name}: ${describeError(error)}`)
          );
        }
      };
    }
    const current = await orAbsent(
      place.api.readNamespacedLease({ name: place.name, namespace: place.namespace })
    );
    if (!current) continue;
    const holder = holderOf(current);
    const rerun = sameWorkflowRun(holder.runUrl, request.runUrl);
    if (rerun || Date.parse(holder.expiresAt) <= now()) {
      const why = rerun ? "held by an earlier attempt of this workflow run" : `stale: no heartbeat since ${holder.heartbeatAt ?? "ever"}`;
      place.log.warn(`taking over the Lease ${place.name} (${why}) of ${describeHolder(holder)}`);
      await deleteLease(place, holder.id, current.metadata?.resourceVersion);
      continue;
    }
    if (now() >= deadline) {
      throw new GreenlightError(
        `the Lease ${place.namespace}/${place.name} is held by ${describeHolder(holder)}`,
        {
          hint: `another deploy of this environment is running; wait for it or raise lock-timeout. If that run is dead, its heartbeat stops and the lock is free after ${holder.expiresAt}; to break it now: greenlight unlock --reason <why>`
        }
      );
    }
    if (waitedFor !== holder.id) {
      place.log.info(`waiting for the Lease ${place.name}, held by ${describeHolder(holder)}`);
      waitedFor = holder.id;
    }
    await sleep(Math.min(place.pollMs ?? 1e3, Math.max(0, deadline - now())) || 1, void 0, {
      signal: request.signal
    }).catch(() => void 0);
  }
}
async function deleteLease(place, uid, resourceVersion) {
  try {
    await place.api.deleteNamespacedLease({
      name: place.name,
      namespace: place.namespace,
      body: { preconditions: { uid, ...resourceVersion ? { resourceVersion } : {} } }
    });
  } catch (error) {
    const code = statusCode(error);
    if (code === 404 || code === 409) return;
    throw apiError(error, `cannot delete the Lease ${place.name}`);
  }
}
async function breakLeaseLock(place, holder) {
  if (!holder.id) throw new GreenlightError(`cannot break ${place.name}: the holder has no Lease uid`);
  await deleteLease(place, holder.id);
}
function startHeartbeat(place, created, timing, onLost) {
  const now = place.now ?? Date.now;
  const uid = created.metadata?.uid;
  let mine = created;
  const lost = (why) => {
    place.log.warn(`${why}: stopping at the next safe point`);
    onLost?.(why);
    return "lost";
  };
  const beat = heartbeat(timing.renewMs, async () => {
    try {
      const acquired = mine.spec?.acquireTime;
      const body = {
        ...mine,
        spec: {
          ...mine.spec,
          ...acquired ? { acquireTime: new V1MicroTime(acquired) } : {},
          renewTime: new V1MicroTime(now())
        }
      };
      mine = await place.api.replaceNamespacedLease({ name: place.name, namespace: place.namespace, body });
      return void 0;
    } catch (error) {
      if (beat.stopped) return void 0;
      const code = statusCode(error);
      if (code === 404) return lost(`the Lease ${place.name} was removed (unlock, or by hand)`);
      if (code === 409) {
        const current = await orAbsent(
          place.api.readNamespacedLease({ name: place.name, namespace: place.namespace })
        ).catch(() => "unreachable");
        if (current === "unreachable") return void 0;
        if (!current) return lost(`the Lease ${place.name} was removed (unlock, or by hand)`);
        if (current.metadata?.uid !== uid || current.spec?.holderIdentity !== mine.spec?.holderIdentity) {
          return lost(`the Lease ${place.name} was taken over by ${describeHolder(holderOf(current))}`);
        }
        mine = current;
        return void 0;
      }
      place.log.warn(`could not renew the Lease ${place.name}; retrying: ${describeError(error)}`);
      return void 0;
    }
  });
  return beat;
}

// src/deploy/kubernetes/port-forward.ts
import { createServer } from "node:net";
async function forwardService(place) {
  const sockets = /* @__PURE__ */ new Set();
  const forward = new PortForward(place.config);
  let next = 0;
  const warned = /* @__PURE__ */ new Set();
  const warn = (message) => {
    if (warned.has(message)) return;
    warned.add(message);
    place.log.warn(`port-forward to the Service ${place.service}: ${message}`);
  };
  const server = createServer((socket) => {
    socket.unref();
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    void (async () => {
      const target = await podTarget(place, next++);
      if (typeof target === "string") {
        warn(target);
        socket.destroy();
        return;
      }
      const ws = await forward.portForward(place.namespace, target.pod, [target.port], socket, null, socket);
      if (typeof ws === "function") return;
      ws.on("close", () => socket.end());
      ws.on("error", () => socket.destroy());
      socket.on("close", () => ws.close());
    })().catch((error) => {
      warn(apiError(error).message);
      socket.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  server.unref();
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    })
  };
}
async function podTarget(place, turn) {
  const service = await place.core.readNamespacedService({ name: place.service, namespace: place.namespace });
  const selector = Object.entries(service.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(",");
  if (!selector) return "it selects no pods";
  const pods = (await place.core.listNamespacedPod({ namespace: place.namespace, labelSelector: selector })).items;
  const ready = pods.filter(
    (pod2) => !pod2.metadata?.deletionTimestamp && pod2.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")
  );
  const pod = ready[turn % Math.max(ready.length, 1)];
  if (!pod?.metadata?.name) return `no ready pod matches ${selector}`;
  const port = targetPort(service, pod);
  if (port === void 0)
    return `pod ${pod.metadata.name} has no container port for the Service's first port`;
  return { pod: pod.metadata.name, port };
}
function targetPort(service, pod) {
  const first = service.spec?.ports?.[0];
  if (!first) return void 0;
  const target = first.targetPort ?? first.port;
  if (typeof target === "number") return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const container of pod.spec?.containers ?? []) {
    const named = container.ports?.find((p) => p.name === target);
    if (named) return named.containerPort;
  }
  return void 0;
}

// src/deploy/kubernetes/target.ts
var KubernetesTarget = class {
  constructor(options) {
    this.options = options;
    checkAppName(options.app);
    checkEnvironmentLabel(options.environment);
    this.place = { app: options.app, environment: options.environment, namespace: options.namespace };
    this.names = kubernetesNames(options.app);
    this.description = `kubernetes ${options.namespace}/${options.app} (${options.apis.server})`;
  }
  options;
  description;
  place;
  names;
  resolvedPorts = {};
  nodeHost;
  nodeLooked = false;
  /** The loopback listeners of `preview-access: port-forward`, open from `prepare` until the lock is released. */
  forwards = {};
  get apps() {
    return this.options.apis.apps;
  }
  get core() {
    return this.options.apis.core;
  }
  labels(extra = {}) {
    return { [APP_LABEL]: this.options.app, [ENV_LABEL]: this.options.environment, ...extra };
  }
  /** Refuses an object of the same name that another app or environment owns. */
  owner(kind, name, labels) {
    const app = labels?.[APP_LABEL];
    const env = labels?.[ENV_LABEL];
    if (app !== this.options.app || env !== this.options.environment) {
      throw new GreenlightError(
        `${kind} ${this.options.namespace}/${name} belongs to ${app ? `${app}/${env}` : "no greenlight environment"}, not ${this.options.app}/${this.options.environment}`,
        { hint: "choose another app name or namespace; greenlight never changes objects it did not create" }
      );
    }
  }
  /** Checks the namespace and creates the live and preview Services (selecting no pod until a color is set). */
  async prepare() {
    const { namespace } = this.options;
    const ns = await orAbsent(this.core.readNamespace({ name: namespace }));
    if (!ns) {
      throw new GreenlightError(`the namespace ${namespace} does not exist`, {
        hint: "create it (kubectl create namespace) or pass another namespace input"
      });
    }
    await this.ensureService("live", this.options.livePort);
    await this.ensureService("preview", this.options.previewPort);
    await this.lookUpNode();
    await this.openForwards();
  }
  /** `preview-access: port-forward`: a loopback listener per Service the gates reach (not one given as a URL). */
  async openForwards() {
    if (this.options.previewAccess !== "port-forward") return;
    for (const role of ["preview", "live"]) {
      const given = role === "live" ? this.options.liveUrl : this.options.previewUrl;
      if (given || this.forwards[role]) continue;
      this.forwards[role] = await forwardService({
        config: this.options.apis.config,
        core: this.core,
        namespace: this.options.namespace,
        service: role === "live" ? this.names.live : this.names.preview,
        log: this.options.log
      });
    }
    const opened = Object.entries(this.forwards).map(([role, f]) => `${role} ${f.url}`);
    if (opened.length)
      this.options.log.info(
        `the gates reach the Services through the API server's port-forward: ${opened.join(", ")}`
      );
  }
  async closeForwards() {
    const open = Object.values(this.forwards);
    this.forwards = {};
    await Promise.all(open.map((f) => f.close()));
  }
  /** The user's manifests, or a refusal saying what needs them. */
  userManifests(what) {
    if (this.options.manifests) return this.options.manifests;
    throw new GreenlightError(`${what} needs the app's manifests, and k8s-manifests is not given`, {
      hint: "give k8s-manifests: the YAML files with the app's Deployment and Service"
    });
  }
  /** Finds the node address once per target (prepare, or readState for `status`). */
  async lookUpNode() {
    if (this.nodeLooked) return;
    this.nodeLooked = true;
    this.nodeHost = await this.findNodeAddress();
  }
  /** A Ready node's InternalIP, where the NodePorts answer; undefined when nodes cannot be listed. */
  async findNodeAddress() {
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
        `cannot list nodes to find where the NodePorts answer (${apiError(error).message}); pass preview-url and public-url`
      );
    }
    return void 0;
  }
  async ensureService(role, nodePort) {
    const name = role === "live" ? this.names.live : this.names.preview;
    let service = await orAbsent(
      this.core.readNamespacedService({ name, namespace: this.options.namespace })
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
            recorded
          )
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
  checkPorts(service) {
    if (!this.options.manifests) return;
    const change = servicePortsChange(this.options.manifests, service);
    if (!change) return;
    const name = service.metadata?.name ?? "";
    throw new GreenlightError(
      `environment ${this.options.environment} serves on the Service ${this.options.namespace}/${name} with ports ${change.running}; k8s-manifests' Service has ${change.given}: an environment's Service ports are fixed when it is created, and greenlight never serves or checks it on other ones`,
      {
        hint: `keep the Service's ports (${change.running}) in k8s-manifests, or deploy to a new environment (or delete the Services ${this.names.live} and ${this.names.preview} and deploy again: their clients are cut off)`
      }
    );
  }
  /**
   * Records on an existing live Service the settings it does not hold yet (an environment made
   * before they were recorded); a recorded setting is never changed, as on the Docker router.
   */
  async recordMissing(service, recorded) {
    const have = service.metadata?.annotations ?? {};
    const missing = Object.fromEntries(Object.entries(recorded).filter(([key]) => have[key] === void 0));
    if (!Object.keys(missing).length) return;
    const name = service.metadata?.name ?? this.names.live;
    try {
      await this.core.patchNamespacedService(
        { name, namespace: this.options.namespace, body: { metadata: { annotations: missing } } },
        MERGE_PATCH
      );
    } catch (error) {
      throw apiError(error, `cannot record the environment's settings on the Service ${name}`);
    }
  }
  async readState() {
    const { namespace } = this.options;
    const [blue, green, live, preview, lock, pods, replicaSets] = await Promise.all([
      orAbsent(this.apps.readNamespacedDeployment({ name: this.names.colors.blue, namespace })),
      orAbsent(this.apps.readNamespacedDeployment({ name: this.names.colors.green, namespace })),
      orAbsent(this.core.readNamespacedService({ name: this.names.live, namespace })),
      orAbsent(this.core.readNamespacedService({ name: this.names.preview, namespace })),
      readLeaseLock(this.leasePlace()),
      this.pods(),
      this.apps.listNamespacedReplicaSet({ namespace, labelSelector: this.selectorOf() }).then((list) => list.items).catch(() => [])
    ]);
    await this.lookUpNode();
    if (live) this.resolvedPorts.live = live.spec?.ports?.[0]?.nodePort;
    if (preview) this.resolvedPorts.preview = preview.spec?.ports?.[0]?.nodePort;
    const colors = {};
    const driftFacts = [];
    for (const [color, deployment] of [
      ["blue", blue],
      ["green", green]
    ]) {
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
          `${this.names.colors[color]}'s pod template differs from the one greenlight set (edited by hand: kubectl edit/set/rollout restart)`
        );
    }
    for (const set of replicaSets) {
      if (!(set.status?.replicas ?? 0)) continue;
      const color = set.metadata?.labels?.[COLOR_LABEL];
      const deployment = color === "blue" ? blue : color === "green" ? green : void 0;
      const want = deployment?.metadata?.annotations?.[IMAGE_ANNOTATION];
      const runs = set.spec?.template?.spec?.containers?.[0]?.image;
      if (want && runs && runs !== want)
        driftFacts.push(
          `ReplicaSet ${set.metadata?.name} runs ${set.status?.replicas} pod(s) of ${runs}, greenlight set ${want}`
        );
    }
    for (const [role, service] of [
      ["live", live],
      ["preview", preview]
    ]) {
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
      ...lock ? { lock } : {},
      driftFacts
    };
  }
  selectorOf(color) {
    return Object.entries(this.labels(color ? { [COLOR_LABEL]: color } : {})).map(([k, v]) => `${k}=${v}`).join(",");
  }
  async pods(color) {
    const selector = this.selectorOf(color);
    const list = await this.core.listNamespacedPod({ namespace: this.options.namespace, labelSelector: selector }).catch((error) => {
      throw apiError(error, "cannot list pods");
    });
    return list.items;
  }
  /**
   * Creates or replaces the color's Deployment from the user's manifest, pinned to the digest, and
   * waits until it is fully available; fails with the pods' reasons when its progress deadline
   * passes (image pull, crash loop, failing readiness).
   */
  async start(spec) {
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
    let stored;
    try {
      if (existing) {
        stored = await this.apps.replaceNamespacedDeployment({
          name,
          namespace,
          body: {
            ...body,
            metadata: { ...body.metadata, resourceVersion: existing.metadata?.resourceVersion }
          }
        });
      } else {
        stored = await this.apps.createNamespacedDeployment({ namespace, body });
      }
    } catch (error) {
      throw apiError(error, `cannot ${existing ? "replace" : "create"} the Deployment ${name}`);
    }
    await this.patchDeployment(name, {
      metadata: { annotations: { [TEMPLATE_ANNOTATION]: templateHash(stored.spec?.template) } }
    });
    await this.waitAvailable(spec, body);
  }
  /**
   * Warns when the color being started lacks environment variables the live color runs with (by
   * name: values are never recorded), e.g. a rollback `--to` with manifests that forgot one.
   */
  async warnDroppedEnv(color, body) {
    const other = this.names.colors[otherColor(color)];
    const live = await orAbsent(
      this.apps.readNamespacedDeployment({ name: other, namespace: this.options.namespace })
    ).catch(() => void 0);
    const had = live?.metadata?.annotations?.[ENV_NAMES_ANNOTATION];
    if (!had) return;
    const now = new Set(envNames(body.spec?.template?.spec?.containers?.[0]?.env).split(","));
    const dropped = had.split(",").filter((n) => n && !now.has(n));
    if (dropped.length)
      this.options.log.warn(
        `${this.names.colors[color]} starts without the environment variable(s) ${dropped.join(", ")} that ${other} runs with (k8s-manifests' container env)`
      );
  }
  async waitAvailable(spec, body) {
    const { namespace } = this.options;
    const name = this.names.colors[spec.color];
    const deadlineSeconds = body.spec?.progressDeadlineSeconds ?? 600;
    const timeoutMs = this.options.startTimeoutMs ?? (deadlineSeconds + 30) * 1e3;
    const until = Date.now() + timeoutMs;
    let stableSince;
    for (; ; ) {
      const deployment = await this.apps.readNamespacedDeployment({ name, namespace });
      const pods = (await this.pods(spec.color)).filter(
        (pod) => pod.metadata?.annotations?.[RELEASE_ANNOTATION] === spec.release
      );
      const judged = judgeAvailability(deployment, pods);
      if (judged.available && judged.restarts === 0) {
        stableSince ??= Date.now();
        if (Date.now() - stableSince >= (this.options.stableMs ?? 5e3)) return;
      } else {
        stableSince = void 0;
      }
      if (judged.failed || judged.crashLooping || Date.now() > until) {
        const why = judged.crashLooping ? "is in a crash loop" : judged.failed ? `did not become available within its progress deadline (${deadlineSeconds}s)` : `did not become available and stay up within ${Math.round(timeoutMs / 1e3)}s`;
        throw new GreenlightError(`Deployment ${name} (${spec.image}) ${why}: ${judged.status}`, {
          hint: judged.reasons.some((r) => /ImagePull|ErrImage/.test(r)) ? "check that the cluster can pull the image (imagePullSecrets, registry credentials on the nodes)" : "see the pods' events and logs: kubectl describe pod / kubectl logs"
        });
      }
      await sleep2(this.options.pollMs ?? 1e3);
    }
  }
  /** Points preview at the color and waits until its endpoints are that color's pods only (the gates then test it). */
  async exposePreview(color) {
    await this.patchSelector(this.names.preview, color);
    await this.waitEndpoints(this.names.preview, color);
  }
  /**
   * Live first (the switch is made the moment live selects the new color), then preview to the old
   * one; waits until live's endpoints are the new color's pods only, so the watch watches it.
   */
  async switchLive(color) {
    await this.scaleUp(color);
    await this.patchSelector(this.names.live, color);
    await this.patchSelector(this.names.preview, otherColor(color));
    await this.waitEndpoints(this.names.live, color);
    await this.keepUntil(color, void 0);
    if (this.options.keepSeconds !== void 0) {
      const at = new Date(Date.now() + this.options.keepSeconds * 1e3).toISOString();
      await this.keepUntil(otherColor(color), at);
    }
  }
  /** Sets (or, with undefined, clears) the end of a color's keep window; a missing color is fine. */
  async keepUntil(color, at) {
    const name = this.names.colors[color];
    const deployment = await orAbsent(
      this.apps.readNamespacedDeployment({ name, namespace: this.options.namespace })
    );
    const current = deployment?.metadata?.annotations?.[SCALE_DOWN_AT_ANNOTATION];
    if (!deployment || current === at) return;
    await this.patchDeployment(name, {
      metadata: { annotations: { [SCALE_DOWN_AT_ANNOTATION]: at ?? null } }
    });
  }
  async patchDeployment(name, body) {
    try {
      await this.apps.patchNamespacedDeployment(
        { name, namespace: this.options.namespace, body },
        MERGE_PATCH
      );
    } catch (error) {
      throw apiError(error, `cannot patch the Deployment ${name}`);
    }
  }
  /**
   * Scales a color kept at 0 replicas back up (to the replicas it had) and waits until it is
   * available; also waits for a color that is not available yet. Returns at once when it serves.
   */
  async scaleUp(color) {
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
      image: deployment.spec?.template?.spec?.containers?.[0]?.image ?? name
    };
    if (deployment.spec?.replicas === 0) {
      const replicas = Number(annotations[REPLICAS_ANNOTATION]) || this.options.manifests?.deployment.spec?.replicas || 1;
      this.options.log.info(`scaling ${name} up to ${replicas} replica(s) before the switch`);
      await this.patchDeployment(name, {
        spec: { replicas },
        metadata: { annotations: { [REPLICAS_ANNOTATION]: null } }
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
  async scaleDownDue(now = Date.now()) {
    const { namespace } = this.options;
    const live = selectedColor(
      await orAbsent(this.core.readNamespacedService({ name: this.names.live, namespace }))
    );
    const done = [];
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
          annotations: { [SCALE_DOWN_AT_ANNOTATION]: null, [REPLICAS_ANNOTATION]: String(replicas) }
        }
      });
      this.options.log.info(
        `scaled ${name} down to 0 (its keep window ended; a rollback scales it up again)`
      );
      done.push(color);
    }
    return done;
  }
  /** When the next keep window ends (ms since the epoch), if one is pending. */
  async nextKeepEnd() {
    const { namespace } = this.options;
    const ends = [];
    for (const color of COLORS) {
      const deployment = await orAbsent(
        this.apps.readNamespacedDeployment({ name: this.names.colors[color], namespace })
      );
      const due = Date.parse(deployment?.metadata?.annotations?.[SCALE_DOWN_AT_ANNOTATION] ?? "");
      if (!Number.isNaN(due)) ends.push(due);
    }
    return ends.length ? Math.min(...ends) : void 0;
  }
  /**
   * Waits until the Service's EndpointSlices list ready addresses, all of them pods of `color`. What
   * remains is kube-proxy's sync of the node's rules (measured: ~0.13 s median), not observable here.
   */
  async waitEndpoints(service, color) {
    const { namespace } = this.options;
    const until = Date.now() + 6e4;
    let seen = "";
    while (Date.now() < until) {
      const ips = new Set((await this.pods(color)).map((pod) => pod.status?.podIP).filter(Boolean));
      const slices = await this.options.apis.discovery.listNamespacedEndpointSlice({ namespace, labelSelector: `kubernetes.io/service-name=${service}` }).catch((error) => {
        throw apiError(error, `cannot read the endpoints of ${service}`);
      });
      const ready = slices.items.flatMap(
        (slice) => (slice.endpoints ?? []).filter((e) => e.conditions?.ready !== false).flatMap((e) => e.addresses)
      );
      if (ready.length > 0 && ready.every((ip) => ips.has(ip))) return;
      seen = ready.join(", ") || "none";
      await sleep2(this.options.pollMs ?? 250);
    }
    throw new GreenlightError(
      `the Service ${service} did not select only ${color}'s pods within 60s (ready endpoints: ${seen})`
    );
  }
  async patchSelector(name, color) {
    try {
      await this.core.patchNamespacedService(
        { name, namespace: this.options.namespace, body: selectorPatch(this.place, color) },
        MERGE_PATCH
      );
    } catch (error) {
      throw apiError(error, `cannot point the Service ${name} at ${color}`);
    }
  }
  /** Deletes a color's Deployment and waits until its pods are gone (so a new one never adopts them). */
  async retire(color) {
    const { namespace } = this.options;
    const name = this.names.colors[color];
    const existing = await orAbsent(this.apps.readNamespacedDeployment({ name, namespace }));
    if (!existing) return;
    this.owner("Deployment", name, existing.metadata?.labels);
    try {
      await this.apps.deleteNamespacedDeployment({
        name,
        namespace,
        body: { propagationPolicy: "Foreground", preconditions: { uid: existing.metadata?.uid } }
      });
    } catch (error) {
      const code = statusCode(error);
      if (code !== 404 && code !== 409) throw apiError(error, `cannot delete the Deployment ${name}`);
    }
    const until = Date.now() + 12e4;
    while (Date.now() < until) {
      const gone = !await orAbsent(this.apps.readNamespacedDeployment({ name, namespace }));
      if (gone && (await this.pods(color)).length === 0) return;
      await sleep2(this.options.pollMs ?? 500);
    }
    throw new GreenlightError(`the Deployment ${name} and its pods were not gone within 120s`);
  }
  leasePlace() {
    return {
      api: this.options.apis.coordination,
      namespace: this.options.namespace,
      name: this.names.lock,
      labels: this.labels({ [`${LABEL}.role`]: "lock" }),
      log: this.options.log,
      ...this.options.pollMs ? { pollMs: this.options.pollMs } : {}
    };
  }
  /**
   * Takes the Lease and closes the keep windows that have passed. Its release closes the windows
   * that passed during the run, releases the Lease, then waits out a window ending within
   * `keepWaitMs` and retakes the Lease (without waiting for it) to close that one too; a run that
   * holds the Lease then closes it instead.
   */
  async acquireLock(request) {
    let lost = false;
    const held = await acquireLeaseLock(this.leasePlace(), {
      ...request,
      onLost: (why) => {
        lost = true;
        request.onLost?.(why);
      }
    }).catch(async (error) => {
      await this.closeForwards();
      throw error;
    });
    await this.closeKeepWindows();
    return {
      info: held.info,
      release: async () => {
        await this.closeForwards();
        if (!lost) await this.closeKeepWindows();
        await held.release();
        if (lost || this.options.keepSeconds === void 0) return;
        const end = await this.nextKeepEnd().catch(() => void 0);
        const wait = end === void 0 ? void 0 : end - Date.now();
        if (wait === void 0 || wait > (this.options.keepWaitMs ?? 3e5)) return;
        if (wait > 0) {
          this.options.log.info(
            `keeping the previous color for rollback until ${new Date(end).toISOString()}, then scaling it down`
          );
          const stopped = await sleep2(wait, false, { signal: request.signal }).catch(() => true);
          if (stopped) return;
        }
        const again = await acquireLeaseLock(this.leasePlace(), { ...request, waitMs: 0 }).catch(
          () => void 0
        );
        if (!again) return;
        try {
          await this.closeKeepWindows();
        } finally {
          await again.release();
        }
      }
    };
  }
  async closeKeepWindows() {
    await this.scaleDownDue().catch(
      (error) => this.options.log.warn(`could not scale down the previous color: ${apiError(error).message}`)
    );
  }
  breakLock(holder) {
    return breakLeaseLock(this.leasePlace(), holder);
  }
  /**
   * The NodePort URLs on `publicHost`, or `preview-url`/`live-url` when given. The ports are the
   * configured NodePorts, or the ones the cluster picked, known after `prepare`.
   */
  endpoints() {
    const host = this.options.publicHost ?? this.nodeHost ?? "127.0.0.1";
    const live = this.options.livePort ?? this.resolvedPorts.live;
    const preview = this.options.previewPort ?? this.resolvedPorts.preview;
    return {
      liveUrl: this.options.liveUrl ?? this.forwards.live?.url ?? (live ? `http://${host}:${live}` : `service ${this.names.live}`),
      previewUrl: this.options.previewUrl ?? this.forwards.preview?.url ?? (preview ? `http://${host}:${preview}` : `service ${this.names.preview}`)
    };
  }
  /** Removes the environment's objects (Deployments, Services, Lease); for tests and teardown. */
  async destroy() {
    const { namespace } = this.options;
    await this.closeForwards();
    for (const color of COLORS) await this.retire(color).catch(() => void 0);
    for (const name of [this.names.live, this.names.preview]) {
      await orAbsent(this.core.deleteNamespacedService({ name, namespace })).catch(() => void 0);
    }
    await orAbsent(
      this.options.apis.coordination.deleteNamespacedLease({ name: this.names.lock, namespace })
    ).catch(() => void 0);
  }
};
function colorState(color, deployment, pods) {
  const mine = pods.filter((pod) => pod.metadata?.labels?.[COLOR_LABEL] === color);
  const judged = judgeAvailability(deployment, mine);
  const annotations = deployment.metadata?.annotations ?? {};
  const labels = Object.fromEntries(
    Object.entries({ ...deployment.metadata?.labels ?? {}, ...annotations }).filter(
      ([k]) => k.startsWith(`${LABEL}.`)
    )
  );
  const image = deployment.spec?.template?.spec?.containers?.[0]?.image ?? "";
  const digest = annotations[DIGEST_ANNOTATION];
  const release = annotations[RELEASE_ANNOTATION];
  const wanted = deployment.spec?.replicas;
  const scaledDown = wanted === 0 && annotations[REPLICAS_ANNOTATION] !== void 0;
  const due = annotations[SCALE_DOWN_AT_ANNOTATION];
  return {
    color,
    running: judged.available,
    status: scaledDown ? `scaled down after its keep window (kept for rollback: ${annotations[REPLICAS_ANNOTATION]} replica(s) when scaled up)` : `${judged.status}${due ? `, kept until ${due}` : ""}`,
    ...scaledDown ? { scaledDown } : {},
    image,
    digest,
    release,
    labels,
    restarts: judged.restarts,
    ...deployment.metadata?.creationTimestamp ? { startedAt: new Date(deployment.metadata.creationTimestamp).toISOString() } : {}
  };
}
export {
  KubernetesTarget
};
//# sourceMappingURL=chunk-PTER6HOL.mjs.map
