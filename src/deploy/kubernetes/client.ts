// The Kubernetes API clients of one kubeconfig (and context), and the API's errors in words.
import {
  ApiException,
  AppsV1Api,
  CoordinationV1Api,
  CoreV1Api,
  DiscoveryV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from "@kubernetes/client-node";
import { GreenlightError } from "../../errors";

export interface KubernetesConnection {
  /** Path of a kubeconfig file; default the user's (KUBECONFIG, ~/.kube/config, in-cluster). */
  kubeconfig?: string;
  /** A kubeconfig's YAML (the `kubeconfig` input holding a secret): read from memory, never written. */
  yaml?: string;
  /** The kubeconfig context; default its current context. */
  context?: string;
}

export interface KubernetesApis {
  apps: AppsV1Api;
  core: CoreV1Api;
  coordination: CoordinationV1Api;
  discovery: DiscoveryV1Api;
  /** Where the API server is, for errors and logs. */
  server: string;
  /** The kubeconfig itself, for the API server's port-forward (`preview-access: port-forward`). */
  config: KubeConfig;
}

export function kubernetesApis(connection: KubernetesConnection = {}): KubernetesApis {
  const config = new KubeConfig();
  try {
    if (connection.yaml) config.loadFromString(connection.yaml);
    else if (connection.kubeconfig) config.loadFromFile(connection.kubeconfig);
    else config.loadFromDefault();
    if (connection.context) config.setCurrentContext(connection.context);
  } catch (error) {
    throw new GreenlightError(
      `cannot read the kubeconfig ${connection.yaml ? "(given as YAML)" : (connection.kubeconfig ?? "(default)")}: ${error instanceof Error ? error.message : String(error)}`,
      { hint: "pass kubeconfig: the path of a kubeconfig file (in Actions, a secret written to a file)" },
    );
  }
  return {
    apps: config.makeApiClient(AppsV1Api),
    core: config.makeApiClient(CoreV1Api),
    coordination: config.makeApiClient(CoordinationV1Api),
    discovery: config.makeApiClient(DiscoveryV1Api),
    server: config.getCurrentCluster()?.server ?? "unknown server",
    config,
  };
}

/** Request options of a JSON merge patch. */
export const MERGE_PATCH = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

/** The HTTP status of an API error, or undefined for any other error. */
export function statusCode(error: unknown): number | undefined {
  return error instanceof ApiException ? error.code : undefined;
}

/** Runs a read; a 404 is `undefined`. */
export async function orAbsent<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (statusCode(error) === 404) return undefined;
    throw apiError(error);
  }
}

/** An API error as a GreenlightError with the server's message. */
export function apiError(error: unknown, what?: string): Error {
  if (!(error instanceof ApiException)) return error instanceof Error ? error : new Error(String(error));
  let message = error.message;
  try {
    const body = (typeof error.body === "string" ? JSON.parse(error.body) : error.body) as {
      message?: string;
    };
    if (body?.message) message = body.message;
  } catch {
    // the body was not the API's Status
  }
  const denied = error.code === 401 || error.code === 403;
  return new GreenlightError(`${what ? `${what}: ` : ""}Kubernetes API ${error.code}: ${message}`, {
    ...(denied
      ? {
          hint: "the kubeconfig's user needs rights on Deployments, Services, Pods and Leases of the namespace",
        }
      : {}),
  });
}
