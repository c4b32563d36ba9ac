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
