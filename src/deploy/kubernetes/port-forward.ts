// `preview-access: port-forward`: the gates reach a Service through the API server, for a runner
// that reaches the API server but not the nodes (a GitHub-hosted runner and a cloud cluster). A
// loopback listener takes each connection to a ready pod of whatever the Service selects at that
// moment (read per connection, so after a switch the next connection reaches the new color),
// through the API server's pods/portforward, to the pod port the Service's first port targets.
import { createServer, type Server, type Socket } from "node:net";
import {
  type CoreV1Api,
  type KubeConfig,
  PortForward,
  type V1Pod,
  type V1Service,
} from "@kubernetes/client-node";
import type { Logger } from "../../log";
import { apiError } from "./client";

export interface ServiceForward {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Stops listening and ends every forwarded connection. */
  close(): Promise<void>;
}

export interface ForwardPlace {
  config: KubeConfig;
  core: CoreV1Api;
  namespace: string;
  service: string;
  log: Logger;
}

/**
 * Listens on an ephemeral loopback port and forwards each connection to the Service's pods. The
 * listener and its connections never keep the process alive (unref), so a run that ends without
 * closing it still exits.
 */
export async function forwardService(place: ForwardPlace): Promise<ServiceForward> {
  const sockets = new Set<Socket>();
  const forward = new PortForward(place.config);
  let next = 0;
  const warned = new Set<string>();
  const warn = (message: string) => {
    if (warned.has(message)) return;
    warned.add(message);
    place.log.warn(`port-forward to the Service ${place.service}: ${message}`);
  };
  const server: Server = createServer((socket) => {
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
      if (typeof ws === "function") return; // only with retries, which are not asked for
      ws.on("close", () => socket.end());
      ws.on("error", () => socket.destroy());
      socket.on("close", () => ws.close());
    })().catch((error) => {
      warn(apiError(error).message);
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  server.unref();
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A ready pod the Service selects now and the pod port its first port targets, or why there is none. */
async function podTarget(place: ForwardPlace, turn: number): Promise<{ pod: string; port: number } | string> {
  const service = await place.core.readNamespacedService({ name: place.service, namespace: place.namespace });
  const selector = Object.entries(service.spec?.selector ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  if (!selector) return "it selects no pods";
  const pods = (await place.core.listNamespacedPod({ namespace: place.namespace, labelSelector: selector }))
    .items;
  const ready = pods.filter(
    (pod) =>
      !pod.metadata?.deletionTimestamp &&
      pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
  );
  const pod = ready[turn % Math.max(ready.length, 1)];
  if (!pod?.metadata?.name) return `no ready pod matches ${selector}`;
  const port = targetPort(service, pod);
  if (port === undefined)
    return `pod ${pod.metadata.name} has no container port for the Service's first port`;
  return { pod: pod.metadata.name, port };
}

/** The pod port a Service's first port targets: a number, a named container port, or the port itself. Pure. */
export function targetPort(service: V1Service, pod: V1Pod): number | undefined {
  const first = service.spec?.ports?.[0];
  if (!first) return undefined;
  const target = first.targetPort ?? first.port;
  if (typeof target === "number") return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const container of pod.spec?.containers ?? []) {
    const named = container.ports?.find((p) => p.name === target);
    if (named) return named.containerPort;
  }
  return undefined;
}
