import { GreenlightError } from "../errors";
import type { ExchangeError } from "./exchange";

/** What went wrong talking to a registry: which registry, which request, which status. */
export interface RegistryFailure {
  registry: string;
  method: string;
  /** Path of the request, without the query's secrets (there are none in the distribution API). */
  path: string;
  /** HTTP status, or undefined when no answer arrived. */
  status?: number;
  /** `CODE: message` from the registry's error body, or the connection error code. */
  detail?: string;
  /** How many attempts were made (more than 1 when retried). */
  attempts?: number;
  /** Which limit stopped the request: a timeout or a body size cap (`detail` names it). */
  limit?: "timeout" | "size";
  /** The registry's `Retry-After`, for a caller that restarts a whole upload. */
  retryAfterMs?: number;
  /** The registry's error codes (its error body), e.g. MANIFEST_BLOB_UNKNOWN. */
  codes?: string[];
  /** What was asked for, to make the 404 hint precise. */
  what?: "manifest" | "blob" | "repository" | "tag list" | "referrers" | "token" | "upload";
}

/** A failed registry request; the message names the request, the hint says what to do. */
export class RegistryError extends GreenlightError {
  override readonly name = "RegistryError";
  readonly status: number | undefined;
  readonly registry: string;
  readonly limit: RegistryFailure["limit"];
  readonly retryAfterMs: number | undefined;
  readonly codes: readonly string[];

  /** The request that got no usable answer (no connection, a timeout, a body past its cap) after `attempts`. */
  static fromExchange(failure: RegistryFailure, attempts: number, error: ExchangeError): RegistryError {
    const limit = error.reason === "timeout" ? "timeout" : error.reason === "too-large" ? "size" : undefined;
    return new RegistryError(
      {
        ...failure,
        attempts,
        detail: error.detail,
        ...(limit ? { limit } : {}),
        ...(error.status !== undefined ? { status: error.status } : {}),
      },
      { cause: error },
    );
  }

  constructor(failure: RegistryFailure, options: { cause?: unknown } = {}) {
    super(registryMessage(failure), { hint: registryHint(failure), cause: options.cause });
    this.status = failure.status;
    this.registry = failure.registry;
    this.limit = failure.limit;
    this.retryAfterMs = failure.retryAfterMs;
    this.codes = failure.codes ?? [];
  }

  /** Worth sending again: no answer (connection or timeout), rate limiting or a server-side failure. */
  get transient(): boolean {
    if (this.limit === "size") return false;
    const s = this.status;
    return s === undefined || s === 429 || s === 408 || s >= 500;
  }
}

export function registryMessage(f: RegistryFailure): string {
  const request = `${f.method} ${f.path}`;
  const tries = f.attempts && f.attempts > 1 ? ` after ${f.attempts} attempts` : "";
  const detail = f.detail ? ` (${f.detail})` : "";
  if (f.limit === "timeout") return `registry ${f.registry}: ${request} timed out${tries}${detail}`;
  if (f.limit === "size") return `registry ${f.registry}: ${request} answered ${f.status}, not read${detail}`;
  if (f.status === undefined) return `registry ${f.registry}: ${request} got no answer${tries}${detail}`;
  return `registry ${f.registry}: ${request} answered ${f.status}${tries}${detail}`;
}

export function registryHint(f: RegistryFailure): string {
  const status = f.status;
  if (f.limit === "timeout") {
    return `${f.registry} (or a proxy in front of it) accepted the request but stopped answering: check its health and retry`;
  }
  if (f.limit === "size") {
    return `an answer that large is not a ${f.what ?? "registry answer"} greenlight reads: check the reference, and whether something in front of ${f.registry} rewrites answers`;
  }
  if (status === undefined) {
    return `is ${f.registry} reachable? check the host and port, and that it speaks ${
      f.detail?.includes("EPROTO") || f.detail?.includes("SSL")
        ? "the expected protocol (http vs https)"
        : "HTTP"
    }`;
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

interface DistributionError {
  code?: string;
  message?: string;
  detail?: unknown;
}

/** The errors of a distribution error body (`{"errors": [...]}`); empty when the body is not one. */
function distributionErrors(body: string): DistributionError[] {
  try {
    const errors = (JSON.parse(body) as { errors?: unknown }).errors;
    return Array.isArray(errors)
      ? errors.filter((e): e is DistributionError => typeof e === "object" && !!e)
      : [];
  } catch {
    return [];
  }
}

/**
 * What a registry's error answer says: `detail`, `CODE: message (detail)` of each error of a
 * distribution error body (the first three, `; ` between them; detail only when it is a string,
 * e.g. the digest of an unknown blob), else the body's first line; and every error's code.
 */
export function readErrorBody(body: string): { detail: string | undefined; codes: string[] } {
  const errors = distributionErrors(body);
  const codes = errors.flatMap((e) => (typeof e.code === "string" ? [e.code] : []));
  const described = errors
    .slice(0, 3)
    .map((e) => {
      const text = [e.code, e.message].filter(Boolean).join(": ");
      return typeof e.detail === "string" && e.detail ? `${text} (${e.detail.slice(0, 200)})` : text;
    })
    .filter(Boolean);
  if (described.length) return { detail: described.join("; "), codes };
  return { detail: body.trim().split("\n")[0]?.slice(0, 200) || undefined, codes };
}

/** The `detail` of readErrorBody. */
export function errorDetail(body: string): string | undefined {
  return readErrorBody(body).detail;
}
