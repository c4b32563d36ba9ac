import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  ExecError,
  GreenlightError
} from "./chunk-XAPMUR2Q.mjs";

// src/image/reference.ts
var DOCKER_HUB = "docker.io";
var DIGEST = /^sha256:[a-f0-9]{64}$/;
var TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
var PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
var HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/;
var InvalidReferenceError = class extends GreenlightError {
  name = "InvalidReferenceError";
};
function isDigest(value) {
  return DIGEST.test(value);
}
function parseDigest(value, what = "digest") {
  const digest = value.trim();
  if (!isDigest(digest)) {
    throw new InvalidReferenceError(`${what} '${value}' is not a digest`, {
      hint: "a digest is 'sha256:' followed by 64 lower-case hex characters"
    });
  }
  return digest;
}
function parseReference(input, what = "image") {
  const text = input.trim();
  const fail = (problem) => {
    throw new InvalidReferenceError(`${what} '${input}' ${problem}`, {
      hint: "expected [registry[:port]/]repository[:tag][@sha256:<hex>], repository in lower case"
    });
  };
  if (!text) fail("is empty");
  let rest = text;
  let digest;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    if (!isDigest(digest)) fail(`has an invalid digest '${digest}'`);
    rest = rest.slice(0, at);
  }
  let tag;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    if (!TAG.test(tag)) fail(`has an invalid tag '${tag}'`);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split("/");
  const first = parts[0] ?? "";
  let registry = DOCKER_HUB;
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    if (!HOST.test(first)) fail(`has an invalid registry '${first}'`);
    registry = first;
    parts.shift();
  }
  for (const part of parts) {
    if (part !== part.toLowerCase()) fail(`has upper case in '${part}'`);
    if (!PATH_COMPONENT.test(part)) fail(`has an invalid path component '${part}'`);
  }
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift("library");
  return { registry, repository: parts.join("/"), ...tag ? { tag } : {}, ...digest ? { digest } : {} };
}
function repositoryName(ref) {
  return `${ref.registry}/${ref.repository}`;
}
function pinned(ref, digest) {
  return `${repositoryName(ref)}@${parseDigest(digest)}`;
}

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
  isDigest,
  parseDigest,
  parseReference,
  repositoryName,
  pinned,
  exec,
  DOCKER_CLIENT_ENV
};
//# sourceMappingURL=chunk-LXHANSJM.mjs.map
