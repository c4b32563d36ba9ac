import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  DOCKER_CLIENT_ENV,
  exec
} from "./chunk-HLSVML6X.mjs";

// src/deploy/docker/cli.ts
function dockerCli(connection = {}) {
  const prefix = connection.context ? ["--context", connection.context] : [];
  return async (args, options = {}) => {
    const host = await connection.host?.();
    return exec(connection.command ?? "docker", [...prefix, ...args], {
      inherit: DOCKER_CLIENT_ENV,
      ...options,
      env: { ...connection.env, ...host ? { DOCKER_HOST: host } : {}, ...options.env }
    });
  };
}
function engineName(connection = {}) {
  return connection.name ?? connection.context ?? connection.env?.DOCKER_HOST;
}
async function inspectContainers(docker, names) {
  const result = await docker(["container", "inspect", ...names], { allowFailure: true });
  const found = /* @__PURE__ */ new Map();
  if (result.exitCode !== 0 && !/no such (container|object)/i.test(result.stderr)) {
    throw new Error(`docker container inspect ${names.join(" ")}: ${result.stderr.trim()}`);
  }
  const parsed = result.stdout.trim() ? JSON.parse(result.stdout) : [];
  for (const info of parsed) found.set(info.Name.replace(/^\//, ""), info);
  return found;
}
async function lastLogLines(docker, name, lines = 20) {
  const result = await docker(["logs", "--tail", String(lines), name], {
    allowFailure: true,
    timeoutMs: 1e4
  });
  return `${result.stdout}${result.stderr}`.trimEnd();
}
function statusOf(info) {
  const state = info.State;
  if (state.Status === "exited" || state.Status === "dead") return `${state.Status} (${state.ExitCode})`;
  return state.Health ? `${state.Status}, ${state.Health.Status}` : state.Status;
}

export {
  dockerCli,
  engineName,
  inspectContainers,
  lastLogLines,
  statusOf
};
//# sourceMappingURL=chunk-LJTNHG3R.mjs.map
