import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authKeys, dockerCredentials, normalizeAuthKey } from "../../../src/registry/credentials";

// A real executable docker-credential helper in a temp dir on PATH: it answers for
// helper.example.com and store.example.com, and says "credentials not found" otherwise.
const HELPER = `#!/bin/sh
read server
case "$server" in
  helper.example.com) echo '{"ServerURL":"helper.example.com","Username":"h-user","Secret":"h-secret"}' ;;
  store.example.com) echo '{"ServerURL":"store.example.com","Username":"s-user","Secret":"s-secret"}' ;;
  broken.example.com) echo "boom" >&2; exit 3 ;;
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac
`;

let dir: string;
const b64 = (text: string) => Buffer.from(text).toString("base64");

async function configDir(name: string, config: unknown): Promise<string> {
  const path = join(dir, name);
  await import("node:fs/promises").then((fs) => fs.mkdir(path, { recursive: true }));
  await writeFile(join(path, "config.json"), JSON.stringify(config));
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-creds-"));
  for (const name of ["docker-credential-fake", "docker-credential-store"]) {
    await writeFile(join(dir, name), HELPER);
    await chmod(join(dir, name), 0o755);
  }
  process.env.PATH = `${dir}:${process.env.PATH}`;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("normalizeAuthKey / authKeys", () => {
  it.each([
    ["https://index.docker.io/v1/", "index.docker.io"],
    ["http://127.0.0.1:5000", "127.0.0.1:5000"],
    ["ghcr.io", "ghcr.io"],
    ["https://Registry.Example.com/v2/", "registry.example.com"],
  ])("%s -> %s", (key, expected) => {
    expect(normalizeAuthKey(key)).toBe(expected);
  });
  it("maps docker.io to the legacy index key", () => {
    expect(authKeys("docker.io")).toContain("https://index.docker.io/v1/");
  });
});

describe("dockerCredentials", () => {
  const auths = {
    auths: {
      "127.0.0.1:5000": { auth: b64("user:pa:ss") },
      "https://index.docker.io/v1/": { auth: b64("hub:hubpass") },
      "https://plain.example.com": { username: "u2", password: "p2" },
      "empty.example.com": {},
    },
  };
  it.each([
    [
      "auths base64 (password with a colon)",
      auths,
      "127.0.0.1:5000",
      { username: "user", password: "pa:ss" },
    ],
    [
      "auths for docker.io under the legacy key",
      auths,
      "docker.io",
      { username: "hub", password: "hubpass" },
    ],
    [
      "auths username/password with scheme in key",
      auths,
      "plain.example.com",
      { username: "u2", password: "p2" },
    ],
    ["empty entry", auths, "empty.example.com", undefined],
    ["unknown host", auths, "other.example.com", undefined],
    [
      "credHelpers[host] wins over auths",
      {
        credHelpers: { "helper.example.com": "fake" },
        auths: { "helper.example.com": { auth: b64("a:b") } },
      },
      "helper.example.com",
      { username: "h-user", password: "h-secret" },
    ],
    [
      "credsStore",
      { credsStore: "store" },
      "store.example.com",
      { username: "s-user", password: "s-secret" },
    ],
    [
      "credsStore without the host falls back to auths",
      { credsStore: "store", auths: { "x.example.com": { auth: b64("x:y") } } },
      "x.example.com",
      { username: "x", password: "y" },
    ],
  ])("%s", async (name, config, registry, expected) => {
    const path = await configDir(name.replace(/\W+/g, "-"), config);
    expect(await dockerCredentials(registry, path)).toEqual(expected);
  });

  it("no config file: no credentials", async () => {
    expect(await dockerCredentials("127.0.0.1:5000", join(dir, "missing"))).toBeUndefined();
  });

  it.each([
    [
      "a helper that fails",
      { credHelpers: { "broken.example.com": "fake" } },
      "broken.example.com",
      /docker-credential-fake failed for broken.example.com/,
    ],
    [
      "a helper that is not installed",
      { credsStore: "nothere" },
      "a.example.com",
      /docker-credential-nothere .*could not be started/,
    ],
    [
      "a bad auth entry",
      { auths: { "b.example.com": { auth: b64("nocolon") } } },
      "b.example.com",
      /not base64 'user:password'/,
    ],
  ])("%s is an error that names it", async (name, config, registry, message) => {
    const path = await configDir(name.replace(/\W+/g, "-"), config);
    await expect(dockerCredentials(registry, path)).rejects.toThrow(message);
  });
});
