import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dockerConfigDir } from "../registry/credentials";

/**
 * A docker config directory in which `registry` is logged in with the given credentials, leaving
 * the user's own config untouched: config.json is copied with the credentials added, and the
 * directories docker keeps beside it (CLI plugins, buildx builders, contexts) are linked.
 * Without credentials the user's directory is used as it is (its auths and credential helpers).
 */
export function loginConfigDir(
  registry: string,
  credentials: { username: string; password: string } | undefined,
  tempDir: string,
  env: NodeJS.ProcessEnv,
): string {
  const source = dockerConfigDir(undefined, env);
  if (!credentials) return source;
  const dir = join(tempDir, "docker-config");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const sourceFile = join(source, "config.json");
  const config = existsSync(sourceFile) ? JSON.parse(readFileSync(sourceFile, "utf8")) : {};
  const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64");
  config.auths = { ...config.auths, [registry]: { auth } };
  if (config.credHelpers) delete config.credHelpers[registry];
  writeFileSync(join(dir, "config.json"), JSON.stringify(config, null, 2), { mode: 0o600 });
  for (const entry of ["cli-plugins", "buildx", "contexts"]) {
    const from = join(source, entry);
    if (existsSync(from) && !existsSync(join(dir, entry))) symlinkSync(from, join(dir, entry));
  }
  return dir;
}
