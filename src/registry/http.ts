import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../log";
import { type Authenticator, connectionDetail } from "./auth";
import { errorDetail, RegistryError, type RegistryFailure } from "./errors";
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
  /** Safe to send again after a connection error, a 429 or a 5xx. */
  idempotent: boolean;
  /** Statuses returned to the caller; any other status throws a RegistryError. */
  accept: number[];
  what?: RegistryFailure["what"];
}

export interface RegistryResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  url: string;
}

/** Sends registry requests with auth challenges answered and idempotent requests retried. */
export class Transport {
  constructor(
    readonly registry: string,
    readonly baseUrl: string,
    private readonly auth: Authenticator,
    private readonly retry: RetryPolicy,
    private readonly log: Logger,
  ) {}

  async send(request: RegistryRequest): Promise<RegistryResponse> {
    const url = new URL(request.path, this.baseUrl).toString();
    const attempts = request.idempotent ? Math.max(1, this.retry.attempts) : 1;
    const failure = {
      registry: this.registry,
      method: request.method,
      path: displayPath(url),
      what: request.what,
    };
    let challenged = false;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      const authorization = await this.auth.header(request.scope);
      try {
        response = await fetch(url, {
          method: request.method,
          headers: { ...request.headers, ...(authorization ? { Authorization: authorization } : {}) },
          ...(request.body ? { body: new Uint8Array(request.body) } : {}),
        });
      } catch (error) {
        if (attempt < attempts) {
          await this.wait(
            attempt,
            undefined,
            `${failure.method} ${failure.path}: ${connectionDetail(error)}`,
          );
          continue;
        }
        throw new RegistryError(
          { ...failure, attempts: attempt, detail: connectionDetail(error) },
          { cause: error },
        );
      }
      if (response.status === 401 && !challenged) {
        challenged = true;
        const header = response.headers.get("www-authenticate");
        await response.arrayBuffer();
        if (await this.auth.challenge(header, request.scope, authorization !== undefined)) {
          attempt--;
          continue;
        }
        throw new RegistryError({ ...failure, status: 401, detail: "unauthorized" });
      }
      const body = request.method === "HEAD" ? Buffer.alloc(0) : Buffer.from(await response.arrayBuffer());
      if (request.accept.includes(response.status))
        return { status: response.status, headers: response.headers, body, url };
      if (isRetryableStatus(response.status) && attempt < attempts) {
        const after = parseRetryAfter(response.headers.get("retry-after"));
        if (after === undefined || after <= MAX_RETRY_AFTER_MS) {
          await this.wait(attempt, after, `${failure.method} ${failure.path}: ${response.status}`);
          continue;
        }
      }
      throw new RegistryError({
        ...failure,
        status: response.status,
        attempts: attempt,
        detail: errorDetail(body.toString("utf8")),
      });
    }
  }

  private async wait(attempt: number, retryAfterMs: number | undefined, why: string): Promise<void> {
    const delay = retryAfterMs ?? backoffDelay(attempt, this.retry);
    this.log.debug(`registry ${this.registry}: ${why}; retrying in ${delay} ms`);
    await sleep(delay);
  }
}

/** Path and query of a URL, for messages (upload locations carry opaque state ids; keep them short). */
function displayPath(url: string): string {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/(\/blobs\/uploads\/)[^/]+$/, "$1<session>");
  return parsed.search && !parsed.search.includes("_state") ? `${path}${parsed.search}` : path;
}
