import { DOCKER_CLIENT_ENV, type ExecOptions, type ExecResult, exec } from "../../exec";

/** How to reach the Docker Engine: the `docker` CLI, honouring DOCKER_HOST, DOCKER_CONFIG and contexts. */
export interface DockerConnection {
  /** The CLI to run (default `docker`). */
  command?: string;
  /** `docker --context <name>`. */
  context?: string;
  /** Extra environment for the CLI, e.g. DOCKER_HOST or DOCKER_CONFIG (registry credentials for pulls). */
  env?: Record<string, string>;
  /**
   * DOCKER_HOST for each call, over `env`'s: it may change during a run (the run's ssh forward, and
   * the ssh:// address again if the forward ends: ssh-forward.ts).
   */
  host?: () => Promise<string>;
  /** The engine in messages (default: the context, else DOCKER_HOST), e.g. the ssh:// address a forward reaches. */
  name?: string;
}

/** Runs the docker CLI with argv; never through a shell. */
export type Docker = (args: readonly string[], options?: ExecOptions) => Promise<ExecResult>;

export function dockerCli(connection: DockerConnection = {}): Docker {
  const prefix = connection.context ? ["--context", connection.context] : [];
  return async (args, options = {}) => {
    const host = await connection.host?.();
    return exec(connection.command ?? "docker", [...prefix, ...args], {
      inherit: DOCKER_CLIENT_ENV,
      ...options,
      env: { ...connection.env, ...(host ? { DOCKER_HOST: host } : {}), ...options.env },
    });
  };
}

/** The engine a connection reaches, for messages: its name, context or DOCKER_HOST. */
export function engineName(connection: DockerConnection = {}): string | undefined {
  return connection.name ?? connection.context ?? connection.env?.DOCKER_HOST;
}

/** The subset of `docker inspect` greenlight reads. */
export interface ContainerInfo {
  Id: string;
  Name: string;
  RestartCount?: number;
  State: {
    Status: string;
    Running: boolean;
    Restarting: boolean;
    ExitCode: number;
    StartedAt: string;
    Error?: string;
    Health?: { Status: string };
  };
  Config: { Image: string; Labels: Record<string, string> | null };
  HostConfig?: { PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null };
  NetworkSettings: { Networks: Record<string, { IPAddress: string }> | null };
}

/** Inspects containers by name; missing ones are simply absent from the result. */
export async function inspectContainers(
  docker: Docker,
  names: readonly string[],
): Promise<Map<string, ContainerInfo>> {
  const result = await docker(["container", "inspect", ...names], { allowFailure: true });
  const found = new Map<string, ContainerInfo>();
  if (result.exitCode !== 0 && !/no such (container|object)/i.test(result.stderr)) {
    throw new Error(`docker container inspect ${names.join(" ")}: ${result.stderr.trim()}`);
  }
  const parsed = result.stdout.trim() ? (JSON.parse(result.stdout) as ContainerInfo[]) : [];
  for (const info of parsed) found.set(info.Name.replace(/^\//, ""), info);
  return found;
}

/** `docker logs --tail n`, stdout and stderr together; empty when there is nothing to read. */
export async function lastLogLines(docker: Docker, name: string, lines = 20): Promise<string> {
  const result = await docker(["logs", "--tail", String(lines), name], {
    allowFailure: true,
    timeoutMs: 10_000,
  });
  return `${result.stdout}${result.stderr}`.trimEnd();
}

/** A short status of a container, e.g. `running`, `exited (3)`, `restarting`. */
export function statusOf(info: ContainerInfo): string {
  const state = info.State;
  if (state.Status === "exited" || state.Status === "dead") return `${state.Status} (${state.ExitCode})`;
  return state.Health ? `${state.Status}, ${state.Health.Status}` : state.Status;
}
