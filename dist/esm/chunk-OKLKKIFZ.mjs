import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  nodeHttp
} from "./chunk-IGPL5ZXV.mjs";
import {
  remoteDockerHost
} from "./chunk-SXMMHSRB.mjs";
import {
  DOCKER_CLIENT_ENV,
  startBackground
} from "./chunk-HLSVML6X.mjs";
import "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";

// src/deploy/docker/ssh-forward.ts
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
var REMOTE_DOCKER_SOCKET = "/var/run/docker.sock";
var READY_TIMEOUT_MS = 1e4;
var MAX_SOCKET_PATH = 103;
function sshDestination(dockerHost) {
  const remote = remoteDockerHost(dockerHost);
  if (remote?.scheme !== "ssh") return void 0;
  const { scheme: _, ...destination } = remote;
  return destination;
}
function forwardArgs(destination, localSocket) {
  return [
    "-T",
    ...["-o", "ControlMaster=no", "-o", "ControlPath=none"],
    ...["-o", "ExitOnForwardFailure=yes", "-o", "StreamLocalBindUnlink=yes"],
    ...["-o", "BatchMode=yes", "-o", "ConnectTimeout=10"],
    ...["-L", `${localSocket}:${REMOTE_DOCKER_SOCKET}`],
    ...destination.user ? ["-l", destination.user] : [],
    ...destination.port ? ["-p", destination.port] : [],
    "--",
    destination.host,
    "cat"
  ];
}
async function openSshForward(options) {
  const destination = sshDestination(options.dockerHost);
  if (!destination) throw new Error(`${options.dockerHost} is not an ssh:// address`);
  await mkdir(options.dir, { recursive: true, mode: 448 });
  const socket = join(options.dir, "docker.sock");
  if (socket.length > MAX_SOCKET_PATH || socket.includes(":")) {
    throw new Error(`the run's temporary directory cannot hold a unix socket (${socket})`);
  }
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
    options.signal
  );
  if (failure) {
    const exit = await stop();
    const said = lastLine(exit);
    throw new Error(failure === "exited" ? exitReason(exit) : said ? `${failure}; ssh: ${said}` : failure);
  }
  return {
    dockerHost: `unix://${socket}`,
    ended: ssh.exited.then((exit) => stopping ? "stopped" : exitReason(exit)),
    stop: async () => {
      await stop();
    }
  };
}
async function untilAnswered(socket, exited, timeoutMs, signal) {
  const deadline = Date.now() + timeoutMs;
  const ended = exited.then(() => "exited");
  for (; ; ) {
    if (signal?.aborted) return "the run ended";
    const answer = await Promise.race([ping(socket), ended]);
    if (answer === "answered") return void 0;
    if (answer !== "absent") return answer;
    if (Date.now() > deadline) return `no answer through the forward within ${timeoutMs / 1e3} s`;
    await sleep(25);
  }
}
function ping(socketPath) {
  return new Promise((resolve) => {
    const req = nodeHttp(false).request(
      { socketPath, path: "/_ping", agent: false, timeout: 5e3 },
      (res) => {
        res.resume();
        resolve(
          res.statusCode === 200 ? "answered" : `the engine answered /_ping with HTTP ${res.statusCode}`
        );
      }
    );
    req.on("timeout", () => req.destroy(new Error("no answer to /_ping within 5 s")));
    req.on(
      "error",
      (error) => resolve(error.code === "ENOENT" || error.code === "ECONNREFUSED" ? "absent" : error.message)
    );
    req.end();
  });
}
function exitReason(exit) {
  const how = exit.signal ? `killed by ${exit.signal}` : `exit ${exit.exitCode}`;
  const said = lastLine(exit);
  return said ? `ssh ended (${how}): ${said}` : `ssh ended (${how})`;
}
function lastLine(exit) {
  return exit.stderr.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).at(-1) ?? "";
}
function forwardedDockerHost(dockerHost, options) {
  let current = dockerHost;
  const closing = new AbortController();
  const fallback = (why) => {
    if (closing.signal.aborted) return;
    current = dockerHost;
    options.log.info(
      `docker-host ${dockerHost}: ${why}; each docker call now opens its own ssh session (see the README's "One ssh connection per run")`
    );
  };
  const forward = openSshForward({ dockerHost, dir: options.dir, signal: closing.signal }).then(
    (opened) => {
      current = opened.dockerHost;
      options.log.debug(`docker-host ${dockerHost}: one ssh connection forwards ${REMOTE_DOCKER_SOCKET}`);
      void opened.ended.then((why) => fallback(`the forward of the Docker socket ended (${why})`));
      return opened;
    },
    (error) => {
      fallback(`no forward of the Docker socket (${error.message})`);
      return void 0;
    }
  );
  return {
    host: async () => {
      await forward;
      return current;
    },
    close: async () => {
      closing.abort();
      await (await forward)?.stop();
    }
  };
}
export {
  REMOTE_DOCKER_SOCKET,
  forwardArgs,
  forwardedDockerHost,
  openSshForward,
  sshDestination
};
//# sourceMappingURL=chunk-OKLKKIFZ.mjs.map
