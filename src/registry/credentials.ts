import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { GreenlightError } from "../errors";
import { DOCKER_CLIENT_ENV, exec } from "../exec";

/** A username and password (or token) for one registry. */
export interface Credentials {
  username: string;
  password: string;
}

/** The parts of `~/.docker/config.json` that hold credentials. */
interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

const DOCKER_HUB_KEYS = [
  "https://index.docker.io/v1/",
  "index.docker.io",
  "docker.io",
  "registry-1.docker.io",
];

/** The directory of the docker config: explicit, else `$DOCKER_CONFIG` of `env`, else `~/.docker`. */
export function dockerConfigDir(explicit: string | undefined, env: NodeJS.ProcessEnv): string {
  return explicit || env.DOCKER_CONFIG || join(homedir(), ".docker");
}

/** `https://host:port/v1/` → `host:port`, the way docker matches `auths` keys. */
export function normalizeAuthKey(key: string): string {
  return key
    .replace(/^[a-z]+:\/\//i, "")
    .replace(/\/.*$/, "")
    .toLowerCase();
}

/** The keys a registry host may appear under in `auths`/`credHelpers`. */
export function authKeys(registry: string): string[] {
  const host = registry.toLowerCase();
  return DOCKER_HUB_KEYS.includes(host) ? DOCKER_HUB_KEYS : [host];
}

/**
 * Credentials for a registry from the docker config, as docker resolves them: `credHelpers[host]`,
 * else `credsStore`, else the base64 `auth` (or username/password) in `auths`. Undefined when
 * nothing is configured for the host.
 */
export async function dockerCredentials(
  registry: string,
  configDir: string,
): Promise<Credentials | undefined> {
  const config = await readDockerConfig(join(configDir, "config.json"));
  if (!config) return undefined;
  const keys = authKeys(registry);
  const helper = findEntry(config.credHelpers, keys) ?? config.credsStore;
  if (helper) {
    const fromHelper = await runCredentialHelper(helper, registry);
    if (fromHelper) return fromHelper;
  }
  const entry = findEntry(config.auths, keys);
  if (!entry) return undefined;
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) {
      throw new GreenlightError(
        `docker config: the auth entry for ${registry} is not base64 'user:password'`,
        {
          hint: `run docker login ${registry} again`,
        },
      );
    }
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  return undefined;
}

function findEntry<T>(table: Record<string, T> | undefined, keys: string[]): T | undefined {
  if (!table) return undefined;
  for (const [key, value] of Object.entries(table)) {
    if (keys.includes(normalizeAuthKey(key)) || keys.includes(key)) return value;
  }
  return undefined;
}

async function readDockerConfig(path: string): Promise<DockerConfig | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new GreenlightError(`cannot read docker config ${path}`, { cause: error });
  }
  try {
    return JSON.parse(text) as DockerConfig;
  } catch (error) {
    throw new GreenlightError(`docker config ${path} is not valid JSON`, {
      hint: "fix or remove the file, or give username/password explicitly",
      cause: error,
    });
  }
}

/**
 * Runs `docker-credential-<helper> get` with the server on stdin. A helper that knows nothing of
 * the server exits non-zero saying "credentials not found": that is no credentials, not an error.
 */
export async function runCredentialHelper(
  helper: string,
  registry: string,
): Promise<Credentials | undefined> {
  const command = `docker-credential-${helper}`;
  const server = authKeys(registry)[0] ?? registry;
  const result = await exec(command, ["get"], {
    input: server,
    allowFailure: true,
    timeoutMs: 30_000,
    inherit: DOCKER_CLIENT_ENV,
  }).catch((error: unknown) => {
    throw new GreenlightError(`credential helper ${command} for ${registry} could not be started`, {
      hint: `install ${command} or remove it from the docker config`,
      cause: error,
    });
  });
  if (result.exitCode !== 0) {
    if (/credentials not found/i.test(result.stdout + result.stderr)) return undefined;
    throw new GreenlightError(
      `credential helper ${command} failed for ${registry} (exit ${result.exitCode})`,
      {
        hint: `run '${command} get' by hand to see why, or docker login ${registry} again`,
      },
    );
  }
  let parsed: { Username?: string; Secret?: string };
  try {
    parsed = JSON.parse(result.stdout) as { Username?: string; Secret?: string };
  } catch (error) {
    throw new GreenlightError(`credential helper ${command} printed no JSON for ${registry}`, {
      cause: error,
    });
  }
  if (!parsed.Secret) return undefined;
  return { username: parsed.Username ?? "", password: parsed.Secret };
}
