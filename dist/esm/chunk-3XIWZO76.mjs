import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  GreenlightError
} from "./chunk-XAPMUR2Q.mjs";

// src/registry/errors.ts
var RegistryError = class _RegistryError extends GreenlightError {
  name = "RegistryError";
  status;
  registry;
  limit;
  retryAfterMs;
  codes;
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
    this.codes = failure.codes ?? [];
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
  if (f.codes?.includes("MANIFEST_BLOB_UNKNOWN"))
    return "the registry lacks a blob the manifest names: push the manifest's blobs to this repository first";
  if (status === 400 || status === 415)
    return "the registry refused the content: check the media type and JSON";
  return `unexpected answer from ${f.registry}`;
}
function distributionErrors(body) {
  try {
    const errors = JSON.parse(body).errors;
    return Array.isArray(errors) ? errors.filter((e) => typeof e === "object" && !!e) : [];
  } catch {
    return [];
  }
}
function readErrorBody(body) {
  const errors = distributionErrors(body);
  const codes = errors.flatMap((e) => typeof e.code === "string" ? [e.code] : []);
  const described = errors.slice(0, 3).map((e) => {
    const text = [e.code, e.message].filter(Boolean).join(": ");
    return typeof e.detail === "string" && e.detail ? `${text} (${e.detail.slice(0, 200)})` : text;
  }).filter(Boolean);
  if (described.length) return { detail: described.join("; "), codes };
  return { detail: body.trim().split("\n")[0]?.slice(0, 200) || void 0, codes };
}
function errorDetail(body) {
  return readErrorBody(body).detail;
}

export {
  RegistryError,
  readErrorBody,
  errorDetail
};
//# sourceMappingURL=chunk-3XIWZO76.mjs.map
