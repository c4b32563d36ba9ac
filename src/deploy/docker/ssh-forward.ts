// One ssh connection per run for `docker-host: ssh://…`: `ssh -L <run temp dir>/docker.sock:
// /var/run/docker.sock`, and every docker call of the run on DOCKER_HOST=unix://<that socket>, so
// no call starts a remote process (`docker system dial-stdio`, ~150 ms each over ssh). When the
// forward cannot be made (sshd or the key forbids forwarding, another remote socket path such as
// rootless Docker's, ssh fails) or ends during the run, docker calls go back to the ssh:// address:
// one ssh session per call, as without the forward.
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type BackgroundExit, DOCKER_CLIENT_ENV, startBackground } from "../../exec";
import { nodeHttp } from "../../http-request";
import type { Logger } from "../../log";
import { type RemoteDockerHost, remoteDockerHost } from "./docker-host";

/** Where the Docker Engine listens on the host (the rootful default). */
export const REMOTE_DOCKER_SOCKET = "/var/run/docker.sock";

/** How long the forward may take to answer the Engine API's `/_ping`. */
const READY_TIMEOUT_MS = 10_000;

/** The longest unix socket path (sun_path: 108 bytes on Linux, 104 on macOS, with its NUL). */
const MAX_SOCKET_PATH = 103;

/** The ssh destination of an `ssh://[user@]host[:port]` DOCKER_HOST; undefined for any other form. */
export function sshDestination(dockerHost: string): Omit<RemoteDockerHost, "scheme"> | undefined {
  const remote = remoteDockerHost(dockerHost);
  if (remote?.scheme !== "ssh") return undefined;
  const { scheme: _, ...destination } = remote;
  return destination;
}

/**
 * ssh's argv for the forward: its own connection (a forward asked of the user's ControlMaster would
 * outlive the run), the user's ~/.ssh/config, keys and known_hosts otherwise; no prompt; the remote
 * `cat` ends on EOF of ssh's stdin, which greenlight holds open (startBackground), so ssh ends with
 * greenlight even when greenlight is killed.
 */
export function forwardArgs(destination: Omit<RemoteDockerHost, "scheme">, localSocket: string): string[] {
  return [
    "-T",
    ...["-o", "ControlMaster=no", "-o", "ControlPath=none"],
    ...["-o", "ExitOnForwardFailure=yes", "-o", "StreamLocalBindUnlink=yes"],
    ...["-o", "BatchMode=yes", "-o", "ConnectTimeout=10"],
    ...["-L", `${localSocket}:${REMOTE_DOCKER_SOCKET}`],
    ...(destination.user ? ["-l", destination.user] : []),
    ...(destination.port ? ["-p", destination.port] : []),
    "--",
    destination.host,
    "cat",
  ];
}

/** A running forward. */
export interface SshForward {
  /** DOCKER_HOST for the run's docker calls: `unix://<socket>`. */
  readonly dockerHost: string;
  /** Settles with why, when ssh ends before `stop`. */
  readonly ended: Promise<string>;
  /** Ends ssh and removes the socket. */
  stop(): Promise<void>;
}

/**
 * Starts ssh and waits until the Docker Engine answers `/_ping` through the socket (at most 10 s).
 * Throws, with ssh's own reason when it gave one, when it does not; ssh is then stopped.
 */
export async function openSshForward(options: {
  dockerHost: string;
  /** A directory of the run's own (the socket is Docker access: mode 0700). */
  dir: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}): Promise<SshForward> {
  const destination = sshDestination(options.dockerHost);
  if (!destination) throw new Error(`${options.dockerHost} is not an ssh:// address`);
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const socket = join(options.dir, "docker.sock");
  if (socket.length > MAX_SOCKET_PATH || socket.includes(":")) {
    throw new Error(`the run's temporary directory cannot hold a unix socket (${socket})`);
  }
  // the environment the docker CLI's own ssh would have (nss_wrapper, an agent's socket)
  const ssh = startBackground("ssh", forwardArgs(destination, socket), { inherit: DOCKER_CLIENT_ENV });
  let stopping = false;
  const stop = async () => {
    stopping = true;
    const exit = await ssh.stop();
    await rm(socket, { force: true });
    return exit;
  };
  const failure = await untilAnswered(
    socket,
    ssh.exited,
    options.timeoutMs ?? READY_TIMEOUT_MS,
    options.signal,
  );
  if (failure) {
    const exit = await stop();
    const said = lastLine(exit);
    // ssh that accepted the connection and closed it says why it could not reach the engine's socket
    throw new Error(failure === "exited" ? exitReason(exit) : said ? `${failure}; ssh: ${said}` : failure);
  }
  return {
    dockerHost: `unix://${socket}`,
    ended: ssh.exited.then((exit) => (stopping ? "stopped" : exitReason(exit))),
    stop: async () => {
      await stop();
    },
  };
}

/**
 * Pings the socket until the engine answers (undefined); else "exited" when ssh ended first, or why
 * the forward did not answer (ssh closed the connection, or time is up).
 */
async function untilAnswered(
  socket: string,
  exited: Promise<BackgroundExit>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  const ended = exited.then(() => "exited" as const);
  for (;;) {
    if (signal?.aborted) return "the run ended";
    const answer = await Promise.race([ping(socket), ended]);
    if (answer === "answered") return undefined;
    if (answer !== "absent") return answer;
    if (Date.now() > deadline) return `no answer through the forward within ${timeoutMs / 1000} s`;
    await sleep(25);
  }
}

/** One `GET /_ping` on the socket: answered, absent (nothing listens yet), or why it failed. */
function ping(socketPath: string): Promise<"answered" | "absent" | string> {
  return new Promise((resolve) => {
    const req = nodeHttp(false).request(
      { socketPath, path: "/_ping", agent: false, timeout: 5000 },
      (res) => {
        res.resume();
        resolve(
          res.statusCode === 200 ? "answered" : `the engine answered /_ping with HTTP ${res.statusCode}`,
        );
      },
    );
    req.on("timeout", () => req.destroy(new Error("no answer to /_ping within 5 s")));
    req.on("error", (error: NodeJS.ErrnoException) =>
      resolve(error.code === "ENOENT" || error.code === "ECONNREFUSED" ? "absent" : error.message),
    );
    req.end();
  });
}

function exitReason(exit: BackgroundExit): string {
  const how = exit.signal ? `killed by ${exit.signal}` : `exit ${exit.exitCode}`;
  const said = lastLine(exit);
  return said ? `ssh ended (${how}): ${said}` : `ssh ended (${how})`;
}

/** ssh's last line on stderr, e.g. `channel 2: open failed: administratively prohibited: open failed`. */
function lastLine(exit: BackgroundExit): string {
  return (
    exit.stderr
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .at(-1) ?? ""
  );
}

/** How a run's docker calls reach an engine: the DOCKER_HOST for the next call, and the end of the run. */
export interface RunDockerHost {
  /** DOCKER_HOST for the next docker call (waits for the forward to be ready, or given up). */
  host(): Promise<string>;
  /** Stops the forward, if any; the run is over. */
  close(): Promise<void>;
}

/**
 * The run's DOCKER_HOST for an ssh:// engine: the forward, started at once (its connection is made
 * while the run does other things) and asked for at each docker call; the ssh:// address itself,
 * with one info line saying why, when it cannot be made or ends. `close` stops it, or its opening.
 */
export function forwardedDockerHost(
  dockerHost: string,
  options: { dir: string; log: Logger },
): RunDockerHost {
  let current = dockerHost;
  const closing = new AbortController();
  const fallback = (why: string) => {
    if (closing.signal.aborted) return;
    current = dockerHost;
    options.log.info(
      `docker-host ${dockerHost}: ${why}; each docker call now opens its own ssh session (see the README's "One ssh connection per run")`,
    );
  };
  const forward = openSshForward({ dockerHost, dir: options.dir, signal: closing.signal }).then(
    (opened) => {
      current = opened.dockerHost;
      options.log.debug(`docker-host ${dockerHost}: one ssh connection forwards ${REMOTE_DOCKER_SOCKET}`);
      void opened.ended.then((why) => fallback(`the forward of the Docker socket ended (${why})`));
      return opened;
    },
    (error: unknown) => {
      fallback(`no forward of the Docker socket (${(error as Error).message})`);
      return undefined;
    },
  );
  return {
    host: async () => {
      await forward;
      return current;
    },
    close: async () => {
      closing.abort();
      await (await forward)?.stop();
    },
  };
}
