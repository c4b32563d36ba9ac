import { setTimeout as sleep } from "node:timers/promises";
import type { ResponseHeaders } from "../http-request";
import type { Logger } from "../log";
import type { Authenticator } from "./auth";
import { sameOrigin } from "./endpoint";
import { RegistryError, type RegistryFailure, readErrorBody } from "./errors";
import { ExchangeError, exchange } from "./exchange";
import { bodyLabel, bodyLimit, ERROR_BODY_LIMIT, type Timeouts } from "./limits";
import {
  backoffDelay,
  isRetryableStatus,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  type RetryPolicy,
} from "./retry";

/** One request to the registry API. */
export interface RegistryRequest {
  method: "GET" | "HEAD" | "PUT" | "POST" | "PATCH" | "DELETE";
  /** `/v2/...` path (with query), or an absolute URL the registry gave (upload location). */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Token scope the request needs, e.g. `repository:acme/app:pull,push`. */
  scope: string;
  /** Safe to send again after a connection error, a timeout, a 429 or a 5xx. */
  idempotent: boolean;
  /**
   * Registry error codes that make an idempotent request worth sending again, beside the statuses
   * retry.ts names (e.g. MANIFEST_BLOB_UNKNOWN for a manifest PUT: see RegistryClient.putManifest).
   */
  retryCodes?: readonly string[];
  /** Statuses returned to the caller; any other status throws a RegistryError. */
  accept: readonly number[];
  what?: RegistryFailure["what"];
  /** The most of an accepted answer's body to read; default by `what` (BODY_LIMITS). */
  maxBytes?: number;
}

export interface RegistryResponse {
  status: number;
  headers: ResponseHeaders;
  body: Buffer;
  url: string;
}

/**
 * Sends registry requests with auth challenges answered and idempotent requests retried. Every
 * request is bounded (timeouts, body cap), and credentials go only to the registry's own origin:
 * an absolute upload `Location` on another host is sent without `Authorization`.
 */
export class Transport {
  constructor(
    readonly registry: string,
    readonly baseUrl: string,
    private readonly auth: Authenticator,
    readonly retry: RetryPolicy,
    private readonly timeouts: Timeouts,
    private readonly log: Logger,
  ) {}

  async send(request: RegistryRequest): Promise<RegistryResponse> {
    const url = new URL(request.path, this.baseUrl).toString();
    const own = sameOrigin(url, this.baseUrl);
    const attempts = request.idempotent ? Math.max(1, this.retry.attempts) : 1;
    const failure = {
      registry: this.registry,
      method: request.method,
      path: displayPath(url, own),
      what: request.what,
    };
    const maxBytes = request.maxBytes ?? bodyLimit(request.what);
    const capFor = (status: number) =>
      request.accept.includes(status)
        ? { maxBytes, truncate: false, label: bodyLabel(request.what) }
        : { maxBytes: ERROR_BODY_LIMIT, truncate: true, label: "an error answer" };
    let challenged = false;
    for (let attempt = 1; ; attempt++) {
      const authorization = own ? await this.auth.header(request.scope) : undefined;
      let response: Awaited<ReturnType<typeof exchange>>;
      try {
        response = await exchange(
          {
            url,
            method: request.method,
            headers: { ...request.headers, ...(authorization ? { Authorization: authorization } : {}) },
            ...(request.body ? { body: request.body } : {}),
          },
          this.timeouts,
          capFor,
        );
      } catch (error) {
        if (!(error instanceof ExchangeError)) throw error;
        if (error.reason !== "too-large" && attempt < attempts) {
          await this.wait(attempt, undefined, `${failure.method} ${failure.path}: ${error.detail}`);
          continue;
        }
        throw RegistryError.fromExchange(failure, attempt, error);
      }
      if (response.status === 401 && !challenged && own) {
        challenged = true;
        const header = response.headers.get("www-authenticate");
        if (await this.auth.challenge(header, request.scope, authorization !== undefined)) {
          attempt--;
          continue;
        }
        throw new RegistryError({ ...failure, status: 401, detail: "unauthorized" });
      }
      if (request.accept.includes(response.status)) return { ...response, url };
      const after = parseRetryAfter(response.headers.get("retry-after"));
      const { detail, codes } = readErrorBody(response.body.toString("utf8"));
      const retryable =
        isRetryableStatus(response.status) || codes.some((code) => request.retryCodes?.includes(code));
      if (retryable && attempt < attempts) {
        if (after === undefined || after <= MAX_RETRY_AFTER_MS) {
          await this.wait(attempt, after, `${failure.method} ${failure.path}: ${response.status}`);
          continue;
        }
      }
      throw new RegistryError({
        ...failure,
        status: response.status,
        attempts: attempt,
        detail:
          !own && response.status === 401
            ? `${new URL(url).host} is another host than the registry; greenlight sends it no credentials`
            : detail,
        codes,
        ...(after !== undefined ? { retryAfterMs: after } : {}),
      });
    }
  }

  /** Waits before retry number `attempt`: the registry's `Retry-After` if it gave one, else backoff. */
  async wait(attempt: number, retryAfterMs: number | undefined, why: string): Promise<void> {
    const delay = retryAfterMs ?? backoffDelay(attempt, this.retry);
    this.log.debug(`registry ${this.registry}: ${why}; retrying in ${delay} ms`);
    await sleep(delay);
  }
}

/**
 * Path and query of a URL, for messages (upload locations carry opaque state ids; keep them
 * short). A URL on another origin is shown with its origin, without its query (a presigned URL's
 * query is a credential).
 */
function displayPath(url: string, own: boolean): string {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/(\/blobs\/uploads\/)[^/]+$/, "$1<session>");
  if (!own) return `${parsed.origin}${path}`;
  return parsed.search && !parsed.search.includes("_state") ? `${path}${parsed.search}` : path;
}
