/** `127.0.0.0/8`, `localhost`, `[::1]`: the hosts spoken to over plain http. */
export function isLoopback(registry: string): boolean {
  const host = registry.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The API base URL of a registry (`docker.io` is served from `registry-1.docker.io`). */
export function apiBaseUrl(registry: string, plainHttp = isLoopback(registry)): string {
  const host = registry === "docker.io" || registry === "index.docker.io" ? "registry-1.docker.io" : registry;
  return `${plainHttp ? "http" : "https"}://${host}`;
}

/** Whether `url` is on the registry's own origin (scheme, host and port): only there do its credentials go. */
export function sameOrigin(url: string, registryBaseUrl: string): boolean {
  return new URL(url).origin === new URL(registryBaseUrl).origin;
}

/**
 * Whether the registry's credentials may be sent (as Basic) to a token realm: over https always
 * (Docker Hub's realm is auth.docker.io); over plain http only when the registry itself is plain
 * http on the same host (loopback registries with a token service on another port). Never to
 * another host in the clear, and never downgraded from an https registry.
 */
export function mayReceiveCredentials(realm: string, registryBaseUrl: string): boolean {
  const target = new URL(realm);
  const base = new URL(registryBaseUrl);
  if (target.protocol === "https:") return true;
  return target.protocol === "http:" && base.protocol === "http:" && target.hostname === base.hostname;
}
