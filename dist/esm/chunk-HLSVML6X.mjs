import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  ExecError
} from "./chunk-XAPMUR2Q.mjs";

// src/exec.ts
import { spawn } from "node:child_process";
function exec(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: childEnv(process.env, options.env, options.inherit),
      stdio: ["pipe", "pipe", "pipe"],
      ...options.signal ? { signal: options.signal } : {}
    });
    const stdout = [];
    const stderr = [];
    let timedOut = false;
    const timer = options.timeoutMs ? setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs) : void 0;
    const collect = (into) => (chunk) => {
      into.push(chunk);
      options.onOutput?.(chunk.toString("utf8"));
    };
    child.stdout.on("data", collect(stdout));
    child.stderr.on("data", collect(stderr));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new ExecError(command, args, null, `cannot start ${command}: ${error.message}`, ""));
    });
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      const result = {
        exitCode,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        timedOut
      };
      if (exitCode !== 0 && !options.allowFailure) {
        reject(new ExecError(command, args, exitCode, result.stderr, result.stdout));
      } else {
        resolve(result);
      }
    });
    child.stdin.on("error", () => {
    });
    child.stdin.end(options.input ?? "");
  });
}
var BACKGROUND_STDERR_BYTES = 4096;
function startBackground(command, args, options = {}) {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: childEnv(process.env, options.env, options.inherit),
    stdio: ["pipe", "ignore", "pipe"],
    detached: true
  });
  let stderr = Buffer.alloc(0);
  child.stderr.on("data", (chunk) => {
    stderr = Buffer.concat([stderr, chunk]);
    if (stderr.length > BACKGROUND_STDERR_BYTES) stderr = stderr.subarray(-BACKGROUND_STDERR_BYTES);
  });
  const exited = new Promise((resolve) => {
    child.on(
      "error",
      (error) => resolve({ exitCode: null, signal: null, stderr: `cannot start ${command}: ${error.message}` })
    );
    child.on("close", (exitCode, signal) => resolve({ exitCode, signal, stderr: stderr.toString("utf8") }));
  });
  child.stdin.on("error", () => {
  });
  child.unref();
  for (const stream of [child.stdin, child.stderr]) stream.unref?.();
  return {
    exited,
    stop: async (graceMs = 2e3) => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      const exit = await exited;
      clearTimeout(timer);
      child.stdin.destroy();
      return exit;
    }
  };
}
var MINIMAL_ENV = [
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "LANG",
  "LANGUAGE",
  "LC_*",
  "TZ",
  "TMPDIR",
  "TEMP",
  "TMP",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "ALL_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
  "all_proxy",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "DOCKER_*",
  "BUILDX_*",
  "BUILDKIT_*",
  "SOURCE_DATE_EPOCH",
  "GIT_*",
  "SSH_AUTH_SOCK",
  "XDG_CONFIG_HOME",
  "XDG_RUNTIME_DIR"
];
var DOCKER_CLIENT_ENV = [
  "DOCKER_AUTH_CONFIG",
  "DBUS_SESSION_BUS_ADDRESS",
  "DISPLAY",
  "XDG_*",
  "PASSWORD_STORE_*",
  "GNUPGHOME",
  "GPG_AGENT_INFO",
  "AWS_*",
  "AZURE_*",
  "GOOGLE_*",
  "CLOUDSDK_*",
  "NSS_WRAPPER_*",
  "LD_PRELOAD",
  "LD_LIBRARY_PATH"
];
var NEVER_INHERITED = [
  /^INPUT_/i,
  /^ACTIONS_/i,
  /^GREENLIGHT_PASSWORD$/i,
  /^GITHUB_TOKEN$/i,
  /^GH_TOKEN$/i
];
var CREDENTIAL_LIKE = /(PASSWORD|PASSWD|TOKEN|SECRET|_KEY|AUTH_CONFIG)$/i;
function childEnv(parent, extra, inherit = []) {
  const listed = (names, name) => names.some((n) => n.endsWith("*") ? name.startsWith(n.slice(0, -1)) : name === n);
  const wanted = (name) => !NEVER_INHERITED.some((pattern) => pattern.test(name)) && (listed(inherit, name) || listed(MINIMAL_ENV, name) && !CREDENTIAL_LIKE.test(name));
  const env = {};
  for (const [key, value] of Object.entries(parent)) {
    if (value !== void 0 && wanted(key)) env[key] = value;
  }
  for (const [key, value] of Object.entries(extra ?? {})) {
    if (value === void 0) delete env[key];
    else env[key] = value;
  }
  return env;
}

export {
  exec,
  startBackground,
  DOCKER_CLIENT_ENV
};
//# sourceMappingURL=chunk-HLSVML6X.mjs.map
