import type { Config } from "../config";
import type { RunContext } from "../context";
import { loginConfigDir } from "../image/docker-config";
import { RegistryClient } from "../registry/client";
import { dockerConfigDir } from "../registry/credentials";

/**
 * A client for one registry: the configured credentials for the image's registry, the docker
 * config's for the others. The run's RunServices keeps one per registry.
 */
export function newRegistryClient(config: Config, ctx: RunContext, registry: string): RegistryClient {
  const same = config.image?.registry === registry;
  return new RegistryClient({
    registry,
    log: ctx.log,
    dockerConfigDir: dockerConfigDir(undefined, ctx.env),
    ...(same && config.credentials ? { credentials: config.credentials } : {}),
  });
}

/** DOCKER_CONFIG for docker commands: the user's, or a copy logged in to `registry` with the configured credentials. */
export function dockerConfigFor(registry: string, config: Config, ctx: RunContext): string {
  return loginConfigDir(registry, config.credentials, ctx.tempDir, ctx.env);
}
