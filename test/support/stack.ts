// The local stack brought up by `bash scripts/stack.sh up`, as tests see it.
// Source of truth: $GREENLIGHT_CACHE/stack.env (default /var/cache/greenlight/stack.env).
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Logger, MemoryLogger } from "../../src/log";
import { RegistryClient } from "../../src/registry/client";

export interface Stack {
  /** host:port of the distribution registry (htpasswd auth), e.g. 127.0.0.1:5000 */
  registry: string;
  username: string;
  password: string;
  /** host:port of the OCI 1.1 registry with the referrers API (olareg, no auth), e.g. 127.0.0.1:5001 */
  referrersRegistry: string;
  /** local image with HAProxy FROM scratch, e.g. greenlight-router:local */
  routerImage: string;
  /** absolute path of the sample app build context (Dockerfile FROM scratch, ARG VERSION) */
  appContext: string;
  /** absolute paths of the pinned peer tools */
  cosign: string;
  crane: string;
  /** buildx builder name (remote driver to buildkitd); undefined when buildx is unavailable */
  buildxBuilder?: string;
  /** buildkitd address behind that builder, e.g. unix:///var/cache/greenlight/run/buildkitd.sock */
  buildkitHost?: string;
  /** buildx state dir holding that builder: pass as BUILDX_CONFIG when DOCKER_CONFIG is a temp dir */
  buildxConfig?: string;
  /** greenlight-router-bash:local: the official haproxy image's path (bash, no nc, USER haproxy) */
  routerBashImage?: string;
  /** the stack's own sshd as a DOCKER_HOST, e.g. ssh://root@127.0.0.1:2222 */
  sshHost?: string;
  /** private key that sshd accepts for root (it may forward the Docker socket), and a known_hosts file naming sshd's host key */
  sshKey?: string;
  /** another key sshd accepts for root with `restrict` alone: no forwarding (greenlight's fallback) */
  sshRestrictedKey?: string;
  sshKnownHosts?: string;
  /** libnss_wrapper.so: lets ssh (which reads ~/.ssh from the passwd entry, not $HOME) see a temp home */
  nssWrapper?: string;
  /** act (nektos/act, patched for upload-artifact v6/v7) and actionlint, built by stack.sh */
  act?: string;
  actionlint?: string;
}

export function stackEnvPath(): string {
  return join(process.env.GREENLIGHT_CACHE || "/var/cache/greenlight", "stack.env");
}

export function parseEnv(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split("\n")) {
    const eq = line.indexOf("=");
    if (line.startsWith("#") || eq <= 0) continue;
    values.set(line.slice(0, eq).trim(), line.slice(eq + 1));
  }
  return values;
}

export function loadStack(): Stack {
  const path = stackEnvPath();
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new Error(`local stack not found (${path}): run \`bash scripts/stack.sh up\` first`, { cause });
  }
  const env = parseEnv(text);
  const need = (key: string): string => {
    const value = env.get(key);
    if (!value) throw new Error(`${path} has no ${key}: run \`bash scripts/stack.sh up\` first`);
    return value;
  };
  const stack: Stack = {
    registry: need("GREENLIGHT_REGISTRY"),
    username: need("GREENLIGHT_REGISTRY_USER"),
    password: need("GREENLIGHT_REGISTRY_PASSWORD"),
    referrersRegistry: need("GREENLIGHT_REFERRERS_REGISTRY"),
    routerImage: need("GREENLIGHT_ROUTER_IMAGE"),
    appContext: ownAppContext() ?? need("GREENLIGHT_APP_CONTEXT"),
    cosign: need("GREENLIGHT_COSIGN"),
    crane: need("GREENLIGHT_CRANE"),
  };
  const builder = env.get("GREENLIGHT_BUILDX_BUILDER");
  if (builder) stack.buildxBuilder = builder;
  const buildkitHost = env.get("GREENLIGHT_BUILDKIT_HOST");
  if (buildkitHost) stack.buildkitHost = buildkitHost;
  const buildxConfig = env.get("GREENLIGHT_BUILDX_CONFIG");
  if (buildxConfig) stack.buildxConfig = buildxConfig;
  const optional = {
    routerBashImage: "GREENLIGHT_ROUTER_BASH_IMAGE",
    sshHost: "GREENLIGHT_SSH_HOST",
    sshKey: "GREENLIGHT_SSH_KEY",
    sshRestrictedKey: "GREENLIGHT_SSH_RESTRICTED_KEY",
    sshKnownHosts: "GREENLIGHT_SSH_KNOWN_HOSTS",
    nssWrapper: "GREENLIGHT_NSS_WRAPPER",
    act: "GREENLIGHT_ACT",
    actionlint: "GREENLIGHT_ACTIONLINT",
  } as const;
  for (const [field, key] of Object.entries(optional) as [keyof typeof optional, string][]) {
    const value = env.get(key);
    if (value) stack[field] = value;
  }
  return stack;
}

// stack.env names the checkout that ran `up` last; several checkouts (CI clones) share one cache,
// so prefer this checkout's own examples/app once `up` has built its server binary.
function ownAppContext(): string | undefined {
  const dir = fileURLToPath(new URL("../../examples/app", import.meta.url));
  return existsSync(join(dir, "server")) && existsSync(join(dir, "Dockerfile")) ? dir : undefined;
}

const runId = randomBytes(3).toString("hex");

/** A repository name unique to this test run, e.g. `test/build-3fa9c1-0b7e`. Lower-case. */
export function uniqueRepo(prefix: string): string {
  const clean =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "repo";
  return `test/${clean}-${runId}-${randomBytes(2).toString("hex")}`;
}

/**
 * A temporary DOCKER_CONFIG directory logged in to the stack's registry (an `auths` entry), for
 * the independent clients (crane, cosign, docker) and the registry client; `inside` is the parent.
 */
export async function loggedInDockerConfig(stack: Stack, inside: string = tmpdir()): Promise<string> {
  const dir = await mkdtemp(join(inside, "greenlight-dockercfg-"));
  const auth = Buffer.from(`${stack.username}:${stack.password}`).toString("base64");
  await writeFile(join(dir, "config.json"), JSON.stringify({ auths: { [stack.registry]: { auth } } }));
  return dir;
}

/** A registry client logged in to the stack's registry with its htpasswd credentials. */
export function stackClient(stack: Stack, log: Logger = new MemoryLogger()): RegistryClient {
  return new RegistryClient({
    registry: stack.registry,
    credentials: { username: stack.username, password: stack.password },
    log,
  });
}
