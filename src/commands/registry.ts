import type { Config } from "../config";
import type { RunContext } from "../context";
import { GreenlightError } from "../errors";
import { loginConfigDir } from "../image/docker-config";
import type { ImageReference } from "../image/reference";
import { RegistryClient } from "../registry/client";
import { dockerConfigDir } from "../registry/credentials";

/** The image repository every command but status needs; the error names the input. */
export function requireImage(config: Config): ImageReference {
  if (!config.image) {
    throw new GreenlightError(`command '${config.command}' needs input 'image'`, {
      hint: "set 'image' to the repository, e.g. ghcr.io/org/app",
    });
  }
  return config.image;
}

// One client per registry for a whole run: its bearer tokens and auth challenge are paid once, not
// once per step (build, attest, verify, ledger).
const clients = new WeakMap<RunContext, Map<string, RegistryClient>>();

/** The run's registry client: the configured credentials, or the docker config's for that registry. */
export function registryClient(config: Config, ctx: RunContext, registry: string): RegistryClient {
  const ofRun = clients.get(ctx) ?? new Map<string, RegistryClient>();
  clients.set(ctx, ofRun);
  let client = ofRun.get(registry);
  if (!client) {
    const same = config.image?.registry === registry;
    client = new RegistryClient({
      registry,
      log: ctx.log,
      dockerConfigDir: dockerConfigDir(undefined, ctx.env),
      ...(same && config.credentials ? { credentials: config.credentials } : {}),
    });
    ofRun.set(registry, client);
  }
  return client;
}

/** DOCKER_CONFIG for docker commands: the user's, or a copy logged in with the configured credentials. */
export function dockerConfigFor(config: Config, ctx: RunContext): string {
  return loginConfigDir(requireImage(config).registry, config.credentials, ctx.tempDir, ctx.env);
}
