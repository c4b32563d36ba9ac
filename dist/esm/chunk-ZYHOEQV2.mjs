import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  DOCKER_CLIENT_ENV,
  exec
} from "./chunk-LXHANSJM.mjs";
import {
  GreenlightError
} from "./chunk-XAPMUR2Q.mjs";

// src/image/docker-config.ts
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join as join2 } from "node:path";

// src/registry/credentials.ts
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
var DOCKER_HUB_KEYS = [
  "https://index.docker.io/v1/",
  "index.docker.io",
  "docker.io",
  "registry-1.docker.io"
];
function dockerConfigDir(explicit, env) {
  return explicit || env.DOCKER_CONFIG || join(homedir(), ".docker");
}
function normalizeAuthKey(key) {
  return key.replace(/^[a-z]+:\/\//i, "").replace(/\/.*$/, "").toLowerCase();
}
function authKeys(registry) {
  const host = registry.toLowerCase();
  return DOCKER_HUB_KEYS.includes(host) ? DOCKER_HUB_KEYS : [host];
}
async function dockerCredentials(registry, configDir) {
  const config = await readDockerConfig(join(configDir, "config.json"));
  if (!config) return void 0;
  const keys = authKeys(registry);
  const helper = findEntry(config.credHelpers, keys) ?? config.credsStore;
  if (helper) {
    const fromHelper = await runCredentialHelper(helper, registry);
    if (fromHelper) return fromHelper;
  }
  const entry = findEntry(config.auths, keys);
  if (!entry) return void 0;
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) {
      throw new GreenlightError(
        `docker config: the auth entry for ${registry} is not base64 'user:password'`,
        {
          hint: `run docker login ${registry} again`
        }
      );
    }
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  return void 0;
}
function findEntry(table, keys) {
  if (!table) return void 0;
  for (const [key, value] of Object.entries(table)) {
    if (keys.includes(normalizeAuthKey(key)) || keys.includes(key)) return value;
  }
  return void 0;
}
async function readDockerConfig(path) {
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return void 0;
    throw new GreenlightError(`cannot read docker config ${path}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new GreenlightError(`docker config ${path} is not valid JSON`, {
      hint: "fix or remove the file, or give username/password explicitly",
      cause: error
    });
  }
}
async function runCredentialHelper(helper, registry) {
  const command = `docker-credential-${helper}`;
  const server = authKeys(registry)[0] ?? registry;
  const result = await exec(command, ["get"], {
    input: server,
    allowFailure: true,
    timeoutMs: 3e4,
    inherit: DOCKER_CLIENT_ENV
  }).catch((error) => {
    throw new GreenlightError(`credential helper ${command} for ${registry} could not be started`, {
      hint: `install ${command} or remove it from the docker config`,
      cause: error
    });
  });
  if (result.exitCode !== 0) {
    if (/credentials not found/i.test(result.stdout + result.stderr)) return void 0;
    throw new GreenlightError(
      `credential helper ${command} failed for ${registry} (exit ${result.exitCode})`,
      {
        hint: `run '${command} get' by hand to see why, or docker login ${registry} again`
      }
    );
  }
  let parsed;
  try {
    parsed = JSON.parse(result.stdout);
  } catch (error) {
    throw new GreenlightError(`credential helper ${command} printed no JSON for ${registry}`, {
      cause: error
    });
  }
  if (!parsed.Secret) return void 0;
  return { username: parsed.Username ?? "", password: parsed.Secret };
}

// src/image/docker-config.ts
function loginConfigDir(registry, credentials, tempDir, env) {
  const source = dockerConfigDir(void 0, env);
  if (!credentials) return source;
  const dir = join2(tempDir, "docker-config");
  mkdirSync(dir, { recursive: true, mode: 448 });
  const sourceFile = join2(source, "config.json");
  const config = existsSync(sourceFile) ? JSON.parse(readFileSync(sourceFile, "utf8")) : {};
  const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64");
  config.auths = { ...config.auths, [registry]: { auth } };
  if (config.credHelpers) delete config.credHelpers[registry];
  writeFileSync(join2(dir, "config.json"), JSON.stringify(config, null, 2), { mode: 384 });
  for (const entry of ["cli-plugins", "buildx", "contexts"]) {
    const from = join2(source, entry);
    if (existsSync(from) && !existsSync(join2(dir, entry))) symlinkSync(from, join2(dir, entry));
  }
  return dir;
}

// src/registry/auth.ts
import { setTimeout as sleep } from "node:timers/promises";

// src/registry/challenge.ts
function parseWwwAuthenticate(header) {
  if (!header) return [];
  const challenges = [];
  let i = 0;
  const text = header;
  const skip = (pattern) => {
    while (i < text.length && pattern.test(text.charAt(i))) i++;
  };
  while (i < text.length) {
    skip(/[\s,]/);
    const scheme = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/.exec(text.slice(i))?.[0];
    if (!scheme) break;
    i += scheme.length;
    const challenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    for (; ; ) {
      skip(/[\s,]/);
      const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*/.exec(text.slice(i));
      if (!match?.[1]) break;
      i += match[0].length;
      challenge.params[match[1].toLowerCase()] = readValue();
    }
  }
  return challenges;
  function readValue() {
    if (text.charAt(i) !== '"') {
      const token = /^[^\s,]*/.exec(text.slice(i))?.[0] ?? "";
      i += token.length;
      return token;
    }
    let value = "";
    for (i++; i < text.length; i++) {
      const c = text.charAt(i);
      if (c === "\\") value += text.charAt(++i);
      else if (c === '"') {
        i++;
        break;
      } else value += c;
    }
    return value;
  }
}

// src/registry/endpoint.ts
function isLoopback(registry) {
  const host = registry.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}
function apiBaseUrl(registry, plainHttp = isLoopback(registry)) {
  const host = registry === "docker.io" || registry === "index.docker.io" ? "registry-1.docker.io" : registry;
  return `${plainHttp ? "http" : "https"}://${host}`;
}
function sameOrigin(url, registryBaseUrl) {
  return new URL(url).origin === new URL(registryBaseUrl).origin;
}
function mayReceiveCredentials(realm, registryBaseUrl) {
  const target = new URL(realm);
  const base = new URL(registryBaseUrl);
  if (target.protocol === "https:") return true;
  return target.protocol === "http:" && base.protocol === "http:" && target.hostname === base.hostname;
}

// src/registry/errors.ts
var RegistryError = class _RegistryError extends GreenlightError {
  name = "RegistryError";
  status;
  registry;
  limit;
  retryAfterMs;
  /** The request that got no usable answer (no connection, a timeout, a body past its cap) after `attempts`. */
  static fromExchange(failure, attempts, error) {
    const limit = error.reason === "timeout" ? "timeout" : error.reason === "too-large" ? "size" : void 0;
    return new _RegistryError(
      {
        ...failure,
        attempts,
        detail: error.detail,
        ...limit ? { limit } : {},
        ...error.status !== void 0 ? { status: error.status } : {}
      },
      { cause: error }
    );
  }
  constructor(failure, options = {}) {
    super(registryMessage(failure), { hint: registryHint(failure), cause: options.cause });
    this.status = failure.status;
    this.registry = failure.registry;
    this.limit = failure.limit;
    this.retryAfterMs = failure.retryAfterMs;
  }
  /** Worth sending again: no answer (connection or timeout), rate limiting or a server-side failure. */
  get transient() {
    if (this.limit === "size") return false;
    const s = this.status;
    return s === void 0 || s === 429 || s === 408 || s >= 500;
  }
};
function registryMessage(f) {
  const request = `${f.method} ${f.path}`;
  const tries = f.attempts && f.attempts > 1 ? ` after ${f.attempts} attempts` : "";
  const detail = f.detail ? ` (${f.detail})` : "";
  if (f.limit === "timeout") return `registry ${f.registry}: ${request} timed out${tries}${detail}`;
  if (f.limit === "size") return `registry ${f.registry}: ${request} answered ${f.status}, not read${detail}`;
  if (f.status === void 0) return `registry ${f.registry}: ${request} got no answer${tries}${detail}`;
  return `registry ${f.registry}: ${request} answered ${f.status}${tries}${detail}`;
}
function registryHint(f) {
  const status = f.status;
  if (f.limit === "timeout") {
    return `${f.registry} (or a proxy in front of it) accepted the request but stopped answering: check its health and retry`;
  }
  if (f.limit === "size") {
    return `an answer that large is not a ${f.what ?? "registry answer"} greenlight reads: check the reference, and whether something in front of ${f.registry} rewrites answers`;
  }
  if (status === void 0) {
    return `is ${f.registry} reachable? check the host and port, and that it speaks ${f.detail?.includes("EPROTO") || f.detail?.includes("SSL") ? "the expected protocol (http vs https)" : "HTTP"}`;
  }
  if (status === 401)
    return `${f.registry} wants credentials: set 'username' and 'password' (the CLI also reads GREENLIGHT_USERNAME and GREENLIGHT_PASSWORD), or run \`docker login ${f.registry}\``;
  if (status === 403)
    return `the credentials for ${f.registry} lack permission for this repository (push/pull)`;
  if (status === 404) {
    if (f.what === "blob") return "no such blob in this repository: push it first or check the digest";
    if (f.what === "referrers") return "the registry has no referrers API; use the referrers tag schema";
    return "no such manifest/repository: check the repository name and the tag or digest";
  }
  if (status === 429)
    return `${f.registry} is rate limiting: wait and retry, or authenticate for a higher limit`;
  if (status >= 500) {
    const retried = f.attempts && f.attempts > 1 ? `retried ${f.attempts} times; ` : "";
    return `${retried}${f.registry} has a server-side problem: check its health and logs, then retry`;
  }
  if (status === 400 || status === 415)
    return "the registry refused the content: check the media type and JSON";
  return `unexpected answer from ${f.registry}`;
}
function errorDetail(body) {
  try {
    const parsed = JSON.parse(body);
    const first = parsed.errors?.[0];
    if (first) return [first.code, first.message].filter(Boolean).join(": ");
  } catch {
  }
  const text = body.trim().split("\n")[0]?.slice(0, 200);
  return text || void 0;
}

// src/registry/limits.ts
var DEFAULT_TIMEOUTS = { headersMs: 3e4, idleMs: 3e4, bodyMs: 3e5 };
var KiB = 1024;
var MiB = 1024 * KiB;
var BODY_LIMITS = {
  manifest: 4 * MiB,
  referrers: 4 * MiB,
  "tag list": 4 * MiB,
  blob: 8 * MiB,
  token: 1 * MiB,
  repository: 1 * MiB,
  upload: 1 * MiB,
  other: 1 * MiB
};
var ERROR_BODY_LIMIT = 64 * KiB;
function bodyLimit(what) {
  return BODY_LIMITS[what ?? "other"];
}
function formatBytes(bytes) {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= KiB && bytes % KiB === 0) return `${bytes / KiB} KiB`;
  return `${bytes} bytes`;
}
function formatMs(ms) {
  return ms >= 1e3 && ms % 1e3 === 0 ? `${ms / 1e3} s` : `${ms} ms`;
}
function bodyLabel(what) {
  switch (what) {
    case void 0:
      return "this answer";
    case "referrers":
      return "a referrers index";
    case "upload":
      return "an upload answer";
    default:
      return `a ${what}`;
  }
}

// src/registry/exchange.ts
var ExchangeError = class extends Error {
  constructor(reason, detail, cause, status) {
    super(detail, { cause });
    this.reason = reason;
    this.detail = detail;
    this.status = status;
  }
  reason;
  detail;
  status;
  name = "ExchangeError";
};
var UPLOAD_PIECE = 64 * 1024;
async function exchange(request, timeouts, capFor) {
  const controller = new AbortController();
  let timer;
  let totalTimer;
  let expired;
  const arm = (ms, detail) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      expired = detail;
      controller.abort();
    }, ms);
  };
  const done = () => {
    clearTimeout(timer);
    clearTimeout(totalTimer);
  };
  const failed = (error) => error instanceof ExchangeError ? error : new ExchangeError(expired ? "timeout" : "connection", expired ?? connectionDetail(error), error);
  const noHeaders = `no response headers within ${formatMs(timeouts.headersMs)}`;
  let body;
  const bytes = request.body;
  if (bytes && bytes.length > UPLOAD_PIECE) {
    const stalled2 = `request body stalled: nothing sent for ${formatMs(timeouts.idleMs)}`;
    let offset = 0;
    arm(timeouts.idleMs, stalled2);
    body = new ReadableStream(
      {
        pull(stream) {
          const piece = bytes.subarray(offset, offset + UPLOAD_PIECE);
          offset += piece.length;
          stream.enqueue(new Uint8Array(piece));
          if (offset < bytes.length) return arm(timeouts.idleMs, stalled2);
          stream.close();
          arm(timeouts.headersMs, noHeaders);
        }
      },
      { highWaterMark: 0 }
    );
  } else {
    if (bytes) body = new Uint8Array(bytes);
    arm(timeouts.headersMs, noHeaders);
  }
  let response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      signal: controller.signal,
      ...body ? { body } : {},
      ...body instanceof ReadableStream ? { duplex: "half" } : {}
    });
  } catch (error) {
    done();
    throw failed(error);
  }
  const empty = { status: response.status, headers: response.headers, body: Buffer.alloc(0) };
  if (request.method === "HEAD" || !response.body) {
    done();
    await response.body?.cancel().catch(() => void 0);
    return empty;
  }
  const cap = capFor(response.status);
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (!cap.truncate && declared > cap.maxBytes) {
    done();
    controller.abort();
    throw new ExchangeError(
      "too-large",
      `body of ${declared} bytes is over the ${formatBytes(cap.maxBytes)} limit for ${cap.label}`,
      void 0,
      response.status
    );
  }
  totalTimer = setTimeout(() => {
    expired = `response body not complete within ${formatMs(timeouts.bodyMs)}`;
    controller.abort();
  }, timeouts.bodyMs);
  const stalled = `response body stalled: nothing for ${formatMs(timeouts.idleMs)}`;
  arm(timeouts.idleMs, stalled);
  const reader = response.body.getReader();
  const chunks = [];
  let size = 0;
  try {
    for (; ; ) {
      const { done: end, value } = await reader.read();
      if (end) break;
      const room = cap.maxBytes - size;
      size += value.length;
      if (value.length > room) {
        if (!cap.truncate) {
          throw new ExchangeError(
            "too-large",
            `body is over the ${formatBytes(cap.maxBytes)} limit for ${cap.label}`,
            void 0,
            response.status
          );
        }
        chunks.push(value.subarray(0, room));
        controller.abort();
        break;
      }
      chunks.push(value);
      arm(timeouts.idleMs, stalled);
    }
  } catch (error) {
    controller.abort();
    throw failed(error);
  } finally {
    done();
  }
  return { ...empty, body: Buffer.concat(chunks) };
}
function connectionDetail(error) {
  let current = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; current && depth < 4; depth++) {
    const code = current.code;
    if (typeof code === "string" && code !== "UND_ERR") return code;
    if (current instanceof Error) message = current.message;
    current = current.cause;
  }
  return message;
}

// src/registry/retry.ts
var DEFAULT_RETRY = { attempts: 4, baseMs: 200, maxMs: 3e3 };
var MAX_RETRY_AFTER_MS = 6e4;
function isRetryableStatus(status) {
  return status === 429 || status === 408 || status >= 500;
}
function backoffDelay(attempt, policy, random = Math.random) {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
function parseRetryAfter(value, now = /* @__PURE__ */ new Date()) {
  if (!value) return void 0;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1e3;
  if (!/[a-z]/i.test(text)) return void 0;
  const when = Date.parse(text);
  if (Number.isNaN(when)) return void 0;
  return Math.max(0, when - now.getTime());
}

// src/registry/auth.ts
var Authenticator = class {
  constructor(options) {
    this.options = options;
  }
  options;
  credentials;
  scheme;
  tokens = /* @__PURE__ */ new Map();
  /** The `Authorization` header for a request needing `scope`, when one is known before a challenge. */
  async header(scope) {
    if (this.scheme === "basic") {
      const creds = await this.resolve();
      return creds ? basicHeader(creds) : void 0;
    }
    if (this.scheme === "bearer") {
      const cached = this.tokens.get(scope);
      if (cached && cached.expiresAt > Date.now()) return `Bearer ${cached.token}`;
    }
    return void 0;
  }
  /**
   * Handles a 401 for a request that needed `scope` (the transport calls it once per request).
   * Returns true when the request should be sent again (credentials or a fresh token obtained),
   * false when retrying cannot help.
   */
  async challenge(header, scope, sentAuth) {
    const challenges = parseWwwAuthenticate(header);
    const bearer = challenges.find((c) => c.scheme === "bearer");
    if (bearer?.params.realm) {
      this.scheme = "bearer";
      const token = await this.fetchToken(bearer, scope);
      this.tokens.set(scope, token);
      return true;
    }
    if (challenges.some((c) => c.scheme === "basic")) {
      if (this.scheme === "basic" && sentAuth) return false;
      this.scheme = "basic";
      return await this.resolve() !== void 0;
    }
    return false;
  }
  resolve() {
    this.credentials ??= (async () => {
      const { registry, credentials, log } = this.options;
      const creds = credentials ?? await dockerCredentials(registry, dockerConfigDir(this.options.dockerConfigDir, {}));
      if (creds) {
        log.mask(creds.password);
        log.mask(Buffer.from(`${creds.username}:${creds.password}`).toString("base64"));
      }
      return creds;
    })();
    return this.credentials;
  }
  async fetchToken(challenge, scope) {
    const { realm = "", service } = challenge.params;
    const { registry } = this.options;
    let url;
    try {
      url = new URL(realm);
    } catch {
      throw new RegistryError({
        registry,
        method: "GET",
        path: realm || "(empty realm)",
        detail: "the Bearer challenge names no valid token realm URL",
        what: "token"
      });
    }
    if (service) url.searchParams.set("service", service);
    for (const s of (challenge.params.scope ?? scope).split(" ").filter(Boolean)) {
      url.searchParams.append("scope", s);
    }
    const failure = { registry, method: "GET", path: `${url.origin}${url.pathname}`, what: "token" };
    const creds = await this.resolve();
    const base = this.options.baseUrl ?? apiBaseUrl(registry);
    if (creds && !mayReceiveCredentials(url.toString(), base)) {
      throw new RegistryError({
        ...failure,
        detail: `refusing to send the credentials for ${registry} to the token realm ${url.origin}${url.pathname}: plain http to another host than the registry (${new URL(base).host})`
      });
    }
    const response = await this.tokenExchange(url, creds, failure);
    const text = response.body.toString("utf8");
    if (response.status !== 200) {
      throw new RegistryError({ ...failure, status: response.status, detail: errorDetail(text) });
    }
    let body = {};
    try {
      body = JSON.parse(text);
    } catch {
    }
    const token = body.token ?? body.access_token;
    if (!token) {
      throw new RegistryError({ ...failure, status: response.status, detail: "no token in the answer" });
    }
    this.options.log.mask(token);
    this.options.log.debug(`registry ${registry}: bearer token for ${url.searchParams.getAll("scope")}`);
    const lifetime = Math.max(10, body.expires_in ?? 60) * 1e3;
    return { token, expiresAt: Date.now() + lifetime - 5e3 };
  }
  /** GETs a token, bounded like every registry request, retrying connection errors, 429 and 5xx. */
  async tokenExchange(url, creds, failure) {
    const retry = this.options.retry ?? DEFAULT_RETRY;
    const attempts = Math.max(1, retry.attempts);
    for (let attempt = 1; ; attempt++) {
      let response;
      try {
        response = await exchange(
          { url: url.toString(), method: "GET", headers: creds ? { Authorization: basicHeader(creds) } : {} },
          this.options.timeouts ?? DEFAULT_TIMEOUTS,
          (status) => status === 200 ? { maxBytes: BODY_LIMITS.token, truncate: false, label: bodyLabel("token") } : { maxBytes: ERROR_BODY_LIMIT, truncate: true, label: "an error answer" }
        );
      } catch (error) {
        if (!(error instanceof ExchangeError)) throw error;
        if (error.reason !== "too-large" && attempt < attempts) {
          await sleep(backoffDelay(attempt, retry));
          continue;
        }
        throw RegistryError.fromExchange(failure, attempt, error);
      }
      const after = parseRetryAfter(response.headers.get("retry-after"));
      if (isRetryableStatus(response.status) && attempt < attempts && (after ?? 0) <= MAX_RETRY_AFTER_MS) {
        await sleep(after ?? backoffDelay(attempt, retry));
        continue;
      }
      return response;
    }
  }
};
function basicHeader(creds) {
  return `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString("base64")}`;
}

// src/registry/media.ts
import { createHash } from "node:crypto";
var OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
var OCI_INDEX = "application/vnd.oci.image.index.v1+json";
var DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
var DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
var OCI_EMPTY = "application/vnd.oci.empty.v1+json";
var MANIFEST_TYPES = [OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST];
var EMPTY_CONFIG_BYTES = Buffer.from("{}");
var EMPTY_CONFIG = {
  mediaType: OCI_EMPTY,
  digest: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
  size: 2
};
function sha256Digest(bytes) {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

// src/registry/blobs.ts
var pull = (repo) => `repository:${repo}:pull`;
var push = (repo) => `repository:${repo}:pull,push`;
async function blobExists(transport, repo, digest) {
  const response = await transport.send({
    method: "HEAD",
    path: `/v2/${repo}/blobs/${digest}`,
    scope: pull(repo),
    idempotent: true,
    accept: [200, 404],
    what: "blob"
  });
  return response.status === 200;
}
async function getBlob(transport, repo, digest, maxBytes) {
  const path = `/v2/${repo}/blobs/${digest}`;
  const response = await transport.send({
    method: "GET",
    path,
    scope: pull(repo),
    idempotent: true,
    accept: [200],
    what: "blob",
    ...maxBytes !== void 0 ? { maxBytes } : {}
  });
  const actual = sha256Digest(response.body);
  if (actual !== digest) {
    throw new GreenlightError(
      `registry ${transport.registry}: GET ${path} returned content with digest ${actual}`,
      {
        hint: "the blob is corrupt in the registry or was altered in transit"
      }
    );
  }
  return response.body;
}
async function mountBlob(transport, repo, digest, fromRepo) {
  const query = new URLSearchParams({ mount: digest, from: fromRepo });
  const response = await transport.send({
    method: "POST",
    path: `/v2/${repo}/blobs/uploads/?${query}`,
    scope: `${push(repo)} ${pull(fromRepo)}`,
    idempotent: false,
    accept: [201, 202],
    what: "upload"
  });
  if (response.status === 201) return true;
  const location = response.headers.get("location");
  if (location) {
    await transport.send({
      method: "DELETE",
      path: location,
      scope: push(repo),
      idempotent: false,
      accept: [204, 200, 404]
    }).catch(() => void 0);
  }
  return false;
}
async function uploadBlob(transport, repo, bytes, digest, chunkSize) {
  const attempts = Math.max(1, transport.retry.attempts);
  for (let attempt = 1; ; attempt++) {
    try {
      await uploadOnce(transport, push(repo), repo, bytes, digest, chunkSize);
      return;
    } catch (error) {
      if (!(error instanceof RegistryError) || !error.transient || attempt >= attempts) throw error;
      const wait = error.retryAfterMs;
      if (wait !== void 0 && wait > MAX_RETRY_AFTER_MS) throw error;
      await transport.wait(
        attempt,
        wait,
        `upload of ${digest} to ${repo} broke (${error.message}); starting over`
      );
      if (await blobExists(transport, repo, digest)) return;
    }
  }
}
async function uploadOnce(transport, scope, repo, bytes, digest, chunkSize) {
  const start = await transport.send({
    method: "POST",
    path: `/v2/${repo}/blobs/uploads/`,
    scope,
    idempotent: false,
    accept: [202],
    what: "upload"
  });
  let location = nextLocation(transport, start, repo);
  if (bytes.length > chunkSize) {
    for (let offset = 0; offset < bytes.length; offset += chunkSize) {
      const chunk = bytes.subarray(offset, Math.min(bytes.length, offset + chunkSize));
      const patched = await transport.send({
        method: "PATCH",
        path: location,
        scope,
        idempotent: false,
        accept: [202],
        what: "upload",
        body: chunk,
        headers: {
          "Content-Type": "application/octet-stream",
          "Content-Range": `${offset}-${offset + chunk.length - 1}`,
          "Content-Length": String(chunk.length)
        }
      });
      location = nextLocation(transport, patched, repo);
    }
  }
  const url = new URL(location);
  url.searchParams.set("digest", digest);
  const body = bytes.length > chunkSize ? Buffer.alloc(0) : bytes;
  const closed = await transport.send({
    method: "PUT",
    path: url.toString(),
    scope,
    idempotent: false,
    accept: [201],
    what: "upload",
    body,
    headers: { "Content-Type": "application/octet-stream", "Content-Length": String(body.length) }
  });
  const stored = closed.headers.get("docker-content-digest");
  if (stored && stored !== digest) {
    throw new GreenlightError(
      `registry ${transport.registry}: upload of ${digest} to ${repo} was stored as ${stored}`,
      {
        hint: "the registry or a proxy altered the upload; do not trust this registry path, check it"
      }
    );
  }
}
function nextLocation(transport, answer, repo) {
  const location = answer.headers.get("location");
  if (!location) {
    throw new RegistryError({
      registry: transport.registry,
      method: "POST",
      path: `/v2/${repo}/blobs/uploads/`,
      status: 202,
      detail: "no Location header for the upload session",
      what: "upload"
    });
  }
  return new URL(location, answer.url).toString();
}

// src/registry/http.ts
import { setTimeout as sleep2 } from "node:timers/promises";
var Transport = class {
  constructor(registry, baseUrl, auth, retry, timeouts, log) {
    this.registry = registry;
    this.baseUrl = baseUrl;
    this.auth = auth;
    this.retry = retry;
    this.timeouts = timeouts;
    this.log = log;
  }
  registry;
  baseUrl;
  auth;
  retry;
  timeouts;
  log;
  async send(request) {
    const url = new URL(request.path, this.baseUrl).toString();
    const own = sameOrigin(url, this.baseUrl);
    const attempts = request.idempotent ? Math.max(1, this.retry.attempts) : 1;
    const failure = {
      registry: this.registry,
      method: request.method,
      path: displayPath(url, own),
      what: request.what
    };
    const maxBytes = request.maxBytes ?? bodyLimit(request.what);
    const capFor = (status) => request.accept.includes(status) ? { maxBytes, truncate: false, label: bodyLabel(request.what) } : { maxBytes: ERROR_BODY_LIMIT, truncate: true, label: "an error answer" };
    let challenged = false;
    for (let attempt = 1; ; attempt++) {
      const authorization = own ? await this.auth.header(request.scope) : void 0;
      let response;
      try {
        response = await exchange(
          {
            url,
            method: request.method,
            headers: { ...request.headers, ...authorization ? { Authorization: authorization } : {} },
            ...request.body ? { body: request.body } : {}
          },
          this.timeouts,
          capFor
        );
      } catch (error) {
        if (!(error instanceof ExchangeError)) throw error;
        if (error.reason !== "too-large" && attempt < attempts) {
          await this.wait(attempt, void 0, `${failure.method} ${failure.path}: ${error.detail}`);
          continue;
        }
        throw RegistryError.fromExchange(failure, attempt, error);
      }
      if (response.status === 401 && !challenged && own) {
        challenged = true;
        const header = response.headers.get("www-authenticate");
        if (await this.auth.challenge(header, request.scope, authorization !== void 0)) {
          attempt--;
          continue;
        }
        throw new RegistryError({ ...failure, status: 401, detail: "unauthorized" });
      }
      if (request.accept.includes(response.status)) return { ...response, url };
      const after = parseRetryAfter(response.headers.get("retry-after"));
      if (isRetryableStatus(response.status) && attempt < attempts) {
        if (after === void 0 || after <= MAX_RETRY_AFTER_MS) {
          await this.wait(attempt, after, `${failure.method} ${failure.path}: ${response.status}`);
          continue;
        }
      }
      throw new RegistryError({
        ...failure,
        status: response.status,
        attempts: attempt,
        detail: !own && response.status === 401 ? `${new URL(url).host} is another host than the registry; greenlight sends it no credentials` : errorDetail(response.body.toString("utf8")),
        ...after !== void 0 ? { retryAfterMs: after } : {}
      });
    }
  }
  /** Waits before retry number `attempt`: the registry's `Retry-After` if it gave one, else backoff. */
  async wait(attempt, retryAfterMs, why) {
    const delay = retryAfterMs ?? backoffDelay(attempt, this.retry);
    this.log.debug(`registry ${this.registry}: ${why}; retrying in ${delay} ms`);
    await sleep2(delay);
  }
};
function displayPath(url, own) {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/(\/blobs\/uploads\/)[^/]+$/, "$1<session>");
  if (!own) return `${parsed.origin}${path}`;
  return parsed.search && !parsed.search.includes("_state") ? `${path}${parsed.search}` : path;
}

// src/registry/client.ts
var pull2 = (repo) => `repository:${repo}:pull`;
var push2 = (repo) => `repository:${repo}:pull,push`;
var RegistryClient = class {
  registry;
  transport;
  chunkSize;
  log;
  constructor(options) {
    this.registry = options.registry;
    this.log = options.log;
    this.chunkSize = options.chunkSize ?? 16 * 1024 * 1024;
    const retry = { ...DEFAULT_RETRY, ...options.retry };
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    const baseUrl = apiBaseUrl(options.registry, options.plainHttp);
    const auth = new Authenticator({ ...options, baseUrl, retry, timeouts });
    this.transport = new Transport(options.registry, baseUrl, auth, retry, timeouts, options.log);
  }
  /** Checks that the registry answers the API (and that the credentials, if needed, work). */
  async ping() {
    await this.transport.send({ method: "GET", path: "/v2/", scope: "", idempotent: true, accept: [200] });
  }
  /** Fetches a manifest by tag or digest and verifies its digest. */
  async getManifest(repo, ref, accept = MANIFEST_TYPES) {
    const path = `/v2/${repo}/manifests/${ref}`;
    const response = await this.transport.send({
      method: "GET",
      path,
      headers: { Accept: accept.join(", ") },
      scope: pull2(repo),
      idempotent: true,
      accept: [200],
      what: "manifest"
    });
    const digest = sha256Digest(response.body);
    const claimed = response.headers.get("docker-content-digest");
    const expected = ref.startsWith("sha256:") ? ref : claimed;
    if (expected && expected !== digest || claimed && claimed !== digest) {
      throw new GreenlightError(
        `registry ${this.registry}: GET ${path} returned bytes with digest ${digest}, not ${expected ?? claimed}`,
        { hint: "the registry or a proxy altered the manifest; do not trust it, check the registry" }
      );
    }
    return { bytes: response.body, mediaType: manifestType(response, accept), digest };
  }
  /** The descriptor of a manifest, or undefined when it does not exist. */
  async headManifest(repo, ref) {
    const response = await this.transport.send({
      method: "HEAD",
      path: `/v2/${repo}/manifests/${ref}`,
      headers: { Accept: MANIFEST_TYPES.join(", ") },
      scope: pull2(repo),
      idempotent: true,
      accept: [200, 404],
      what: "manifest"
    });
    if (response.status === 404) return void 0;
    const digest = response.headers.get("docker-content-digest");
    const size = Number(response.headers.get("content-length"));
    const mediaType = response.headers.get("content-type")?.split(";")[0]?.trim();
    if (!digest || !mediaType || !(size > 0)) {
      const fetched = await this.getManifest(repo, ref);
      return { mediaType: fetched.mediaType, digest: fetched.digest, size: fetched.bytes.length };
    }
    return { mediaType, digest, size };
  }
  /** Stores a manifest under a tag or its digest; `subject` is true when the registry answered `OCI-Subject`. */
  async putManifest(repo, ref, bytes, mediaType) {
    const path = `/v2/${repo}/manifests/${ref}`;
    const response = await this.transport.send({
      method: "PUT",
      path,
      headers: { "Content-Type": mediaType },
      body: bytes,
      scope: push2(repo),
      idempotent: true,
      accept: [201, 200],
      what: "manifest"
    });
    const digest = sha256Digest(bytes);
    const claimed = response.headers.get("docker-content-digest");
    if (claimed && claimed !== digest) {
      throw new GreenlightError(
        `registry ${this.registry}: PUT ${path} stored digest ${claimed}, we sent ${digest}`,
        {
          hint: "the registry rewrote the manifest; check for a proxy or an unsupported media type"
        }
      );
    }
    this.log.debug(`registry ${this.registry}: put ${repo}:${ref} (${digest})`);
    return { digest, subject: response.headers.has("oci-subject") };
  }
  /** Deletes a manifest by digest (or tag, where the registry allows); false when it did not exist. */
  async deleteManifest(repo, ref) {
    const response = await this.transport.send({
      method: "DELETE",
      path: `/v2/${repo}/manifests/${ref}`,
      scope: `repository:${repo}:delete`,
      idempotent: true,
      accept: [202, 200, 404],
      what: "manifest"
    });
    return response.status !== 404;
  }
  /** Whether the repository has a blob. */
  blobExists(repo, digest) {
    return blobExists(this.transport, repo, digest);
  }
  /** Downloads a blob (at most `maxBytes`, default 8 MiB: bundles and ledger records) and verifies its sha256. */
  getBlob(repo, digest, maxBytes) {
    return getBlob(this.transport, repo, digest, maxBytes);
  }
  /** Uploads a blob unless the repository has it (monolithic, or PATCH chunks above `chunkSize`). */
  async pushBlob(repo, bytes, mediaType = "application/octet-stream") {
    const descriptor = { mediaType, digest: sha256Digest(bytes), size: bytes.length };
    if (await this.blobExists(repo, descriptor.digest)) return descriptor;
    await uploadBlob(this.transport, repo, bytes, descriptor.digest, this.chunkSize);
    return descriptor;
  }
  /** Mounts a blob from another repository of the same registry; false when the registry declined. */
  mountBlob(repo, digest, fromRepo) {
    return mountBlob(this.transport, repo, digest, fromRepo);
  }
  /** Every tag of a repository (following `Link` pages); empty when the repository does not exist. */
  async listTags(repo) {
    const tags = [];
    let path = `/v2/${repo}/tags/list?n=1000`;
    while (path) {
      const response = await this.transport.send({
        method: "GET",
        path,
        scope: pull2(repo),
        idempotent: true,
        accept: [200, 404],
        what: "tag list"
      });
      if (response.status === 404) return tags;
      tags.push(...JSON.parse(response.body.toString("utf8")).tags ?? []);
      path = /<([^>]+)>;\s*rel="?next"?/.exec(response.headers.get("link") ?? "")?.[1];
    }
    return tags;
  }
  /**
   * The referrers API answer for a digest, or undefined when the registry does not implement it
   * (any status but 200, or an answer that is not an image index). `filtered` is true when the
   * registry applied the artifactType filter itself.
   */
  async getReferrers(repo, digest, artifactType) {
    const query = artifactType ? `?${new URLSearchParams({ artifactType })}` : "";
    const response = await this.transport.send({
      method: "GET",
      path: `/v2/${repo}/referrers/${digest}${query}`,
      headers: { Accept: OCI_INDEX },
      scope: pull2(repo),
      idempotent: true,
      accept: [200, 400, 404, 405, 501],
      what: "referrers"
    });
    if (response.status !== 200) return void 0;
    let index;
    try {
      index = JSON.parse(response.body.toString("utf8"));
    } catch {
      return void 0;
    }
    if (index.manifests === null) index.manifests = [];
    if (!Array.isArray(index.manifests)) return void 0;
    const filtered = (response.headers.get("oci-filters-applied") ?? "").split(",").map((s) => s.trim()).includes("artifactType");
    return { index, filtered };
  }
};
function manifestType(response, accept) {
  const header = response.headers.get("content-type")?.split(";")[0]?.trim();
  if (header && header !== "application/json" && header !== "text/plain") return header;
  try {
    const parsed = JSON.parse(response.body.toString("utf8"));
    if (parsed.mediaType) return parsed.mediaType;
  } catch {
  }
  return header ?? accept[0] ?? "application/json";
}

// src/commands/registry.ts
function requireImage(config) {
  if (!config.image) {
    throw new GreenlightError(`command '${config.command}' needs input 'image'`, {
      hint: "set 'image' to the repository, e.g. ghcr.io/org/app"
    });
  }
  return config.image;
}
var clients = /* @__PURE__ */ new WeakMap();
function registryClient(config, ctx, registry) {
  const ofRun = clients.get(ctx) ?? /* @__PURE__ */ new Map();
  clients.set(ctx, ofRun);
  let client = ofRun.get(registry);
  if (!client) {
    const same = config.image?.registry === registry;
    client = new RegistryClient({
      registry,
      log: ctx.log,
      dockerConfigDir: dockerConfigDir(void 0, ctx.env),
      ...same && config.credentials ? { credentials: config.credentials } : {}
    });
    ofRun.set(registry, client);
  }
  return client;
}
function dockerConfigFor(config, ctx) {
  return loginConfigDir(requireImage(config).registry, config.credentials, ctx.tempDir, ctx.env);
}

export {
  dockerConfigDir,
  OCI_MANIFEST,
  OCI_INDEX,
  DOCKER_MANIFEST,
  OCI_EMPTY,
  EMPTY_CONFIG_BYTES,
  EMPTY_CONFIG,
  sha256Digest,
  RegistryError,
  requireImage,
  registryClient,
  dockerConfigFor
};
//# sourceMappingURL=chunk-ZYHOEQV2.mjs.map
