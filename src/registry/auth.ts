import type { Logger } from "../log";
import { type Challenge, parseWwwAuthenticate } from "./challenge";
import { type Credentials, dockerConfigDir, dockerCredentials } from "./credentials";
import { errorDetail, RegistryError } from "./errors";

export { type Credentials, dockerCredentials, runCredentialHelper } from "./credentials";

export interface AuthOptions {
  registry: string;
  credentials?: Credentials;
  dockerConfigDir?: string;
  log: Logger;
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
        credentials ?? (await dockerCredentials(registry, dockerConfigDir(this.options.dockerConfigDir)));
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
    const url = new URL(realm);
    if (service) url.searchParams.set("service", service);
    for (const s of (challenge.params.scope ?? scope).split(" ").filter(Boolean)) {
      url.searchParams.append("scope", s);
    }
    const creds = await this.resolve();
    const failure = { registry: this.options.registry, method: "GET", path: `${url.origin}${url.pathname}` };
    let response: Response;
    try {
      response = await fetch(url, { headers: creds ? { Authorization: basicHeader(creds) } : {} });
    } catch (error) {
      throw new RegistryError(
        { ...failure, detail: connectionDetail(error), what: "token" },
        { cause: error },
      );
    }
    const text = await response.text();
    if (!response.ok) {
      throw new RegistryError({
        ...failure,
        status: response.status,
        detail: errorDetail(text),
        what: "token",
      });
    }
    let body: { token?: string; access_token?: string; expires_in?: number } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // reported below as "no token"
    }
    const token = body.token ?? body.access_token;
    if (!token) {
      throw new RegistryError({
        ...failure,
        status: response.status,
        detail: "no token in the answer",
        what: "token",
      });
    }
    this.options.log.mask(token);
    this.options.log.debug(
      `registry ${this.options.registry}: bearer token for ${url.searchParams.getAll("scope")}`,
    );
    const lifetime = Math.max(10, body.expires_in ?? 60) * 1000;
    return { token, expiresAt: Date.now() + lifetime - 5_000 };
  }
}

export function basicHeader(creds: Credentials): string {
  return `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString("base64")}`;
}

/** The system error code of a failed fetch (ECONNREFUSED, ENOTFOUND, ...), else its innermost message. */
export function connectionDetail(error: unknown): string {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "UND_ERR") return code;
    if (current instanceof Error) message = current.message;
    current = (current as { cause?: unknown }).cause;
  }
  return message;
}
