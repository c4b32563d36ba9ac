import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../log";
import { type Challenge, parseWwwAuthenticate } from "./challenge";
import { type Credentials, dockerConfigDir, dockerCredentials } from "./credentials";
import { apiBaseUrl, mayReceiveCredentials } from "./endpoint";
import { errorDetail, RegistryError } from "./errors";
import { ExchangeError, type ExchangeResponse, exchange } from "./exchange";
import { BODY_LIMITS, bodyLabel, DEFAULT_TIMEOUTS, ERROR_BODY_LIMIT, type Timeouts } from "./limits";
import {
  backoffDelay,
  DEFAULT_RETRY,
  isRetryableStatus,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  type RetryPolicy,
} from "./retry";

export { type Credentials, dockerCredentials, runCredentialHelper } from "./credentials";
export { connectionDetail } from "./exchange";

export interface AuthOptions {
  registry: string;
  credentials?: Credentials;
  /** Where the docker config with the credentials is (default `~/.docker`): the edge resolves $DOCKER_CONFIG. */
  dockerConfigDir?: string;
  log: Logger;
  /** The registry's API base URL (default from `registry`): decides where credentials may go. */
  baseUrl?: string;
  timeouts?: Timeouts;
  retry?: RetryPolicy;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

/**
 * Answers registry auth challenges: Basic with the credentials, or the Bearer token flow (GET the
 * realm with service and scope, Basic credentials when there are any), caching tokens per scope.
 * Credentials come from the options, else the docker config; both are masked in the log.
 */
export class Authenticator {
  private credentials: Promise<Credentials | undefined> | undefined;
  private scheme: "basic" | "bearer" | undefined;
  private readonly tokens = new Map<string, CachedToken>();

  constructor(private readonly options: AuthOptions) {}

  /** The `Authorization` header for a request needing `scope`, when one is known before a challenge. */
  async header(scope: string): Promise<string | undefined> {
    if (this.scheme === "basic") {
      const creds = await this.resolve();
      return creds ? basicHeader(creds) : undefined;
    }
    if (this.scheme === "bearer") {
      const cached = this.tokens.get(scope);
      if (cached && cached.expiresAt > Date.now()) return `Bearer ${cached.token}`;
    }
    return undefined;
  }

  /**
   * Handles a 401 for a request that needed `scope` (the transport calls it once per request).
   * Returns true when the request should be sent again (credentials or a fresh token obtained),
   * false when retrying cannot help.
   */
  async challenge(header: string | null, scope: string, sentAuth: boolean): Promise<boolean> {
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
      return (await this.resolve()) !== undefined;
    }
    return false;
  }

  private resolve(): Promise<Credentials | undefined> {
    this.credentials ??= (async () => {
      const { registry, credentials, log } = this.options;
      const creds =
        credentials ?? (await dockerCredentials(registry, dockerConfigDir(this.options.dockerConfigDir, {})));
      if (creds) {
        log.mask(creds.password);
        log.mask(Buffer.from(`${creds.username}:${creds.password}`).toString("base64"));
      }
      return creds;
    })();
    return this.credentials;
  }

  private async fetchToken(challenge: Challenge, scope: string): Promise<CachedToken> {
    const { realm = "", service } = challenge.params;
    const { registry } = this.options;
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new RegistryError({
        registry,
        method: "GET",
        path: realm || "(empty realm)",
        detail: "the Bearer challenge names no valid token realm URL",
        what: "token",
      });
    }
    if (service) url.searchParams.set("service", service);
    for (const s of (challenge.params.scope ?? scope).split(" ").filter(Boolean)) {
      url.searchParams.append("scope", s);
    }
    const failure = { registry, method: "GET", path: `${url.origin}${url.pathname}`, what: "token" as const };
    const creds = await this.resolve();
    const base = this.options.baseUrl ?? apiBaseUrl(registry);
    if (creds && !mayReceiveCredentials(url.toString(), base)) {
      throw new RegistryError({
        ...failure,
        detail: `refusing to send the credentials for ${registry} to the token realm ${url.origin}${url.pathname}: plain http to another host than the registry (${new URL(base).host})`,
      });
    }
    const response = await this.tokenExchange(url, creds, failure);
    const text = response.body.toString("utf8");
    if (response.status !== 200) {
      throw new RegistryError({ ...failure, status: response.status, detail: errorDetail(text) });
    }
    let body: { token?: string; access_token?: string; expires_in?: number } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // reported below as "no token"
    }
    const token = body.token ?? body.access_token;
    if (!token) {
      throw new RegistryError({ ...failure, status: response.status, detail: "no token in the answer" });
    }
    this.options.log.mask(token);
    this.options.log.debug(`registry ${registry}: bearer token for ${url.searchParams.getAll("scope")}`);
    const lifetime = Math.max(10, body.expires_in ?? 60) * 1000;
    return { token, expiresAt: Date.now() + lifetime - 5_000 };
  }

  /** GETs a token, bounded like every registry request, retrying connection errors, 429 and 5xx. */
  private async tokenExchange(
    url: URL,
    creds: Credentials | undefined,
    failure: { registry: string; method: string; path: string; what: "token" },
  ): Promise<ExchangeResponse> {
    const retry = this.options.retry ?? DEFAULT_RETRY;
    const attempts = Math.max(1, retry.attempts);
    for (let attempt = 1; ; attempt++) {
      let response: ExchangeResponse;
      try {
        response = await exchange(
          { url: url.toString(), method: "GET", headers: creds ? { Authorization: basicHeader(creds) } : {} },
          this.options.timeouts ?? DEFAULT_TIMEOUTS,
          (status) =>
            status === 200
              ? { maxBytes: BODY_LIMITS.token, truncate: false, label: bodyLabel("token") }
              : { maxBytes: ERROR_BODY_LIMIT, truncate: true, label: "an error answer" },
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
}

export function basicHeader(creds: Credentials): string {
  return `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString("base64")}`;
}
