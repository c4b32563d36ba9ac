// RegistryClient against the real distribution registry of the stack (htpasswd Basic auth),
// cross-checked with crane, an independent client.
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeError } from "../../src/errors";
import { exec } from "../../src/exec";
import { MemoryLogger } from "../../src/log";
import {
  EMPTY_CONFIG,
  EMPTY_CONFIG_BYTES,
  OCI_EMPTY,
  OCI_MANIFEST,
  RegistryClient,
  RegistryError,
} from "../../src/registry/client";
import { loadStack, loggedInDockerConfig, stackClient, uniqueRepo } from "../support/stack";

const stack = loadStack();
let configDir: string;

beforeAll(async () => {
  configDir = await loggedInDockerConfig(stack);
});
afterAll(() => rm(configDir, { recursive: true, force: true }));

const crane = (args: string[]) =>
  exec(stack.crane, [...args, "--insecure"], { env: { DOCKER_CONFIG: configDir } });

function artifact(layer: { mediaType: string; digest: string; size: number }): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: "application/vnd.greenlight.test",
      config: EMPTY_CONFIG,
      layers: [layer],
    }),
  );
}

describe("RegistryClient against the stack registry", () => {
  const log = new MemoryLogger();
  const client = stackClient(stack, log);

  it("pushes blobs (monolithic and chunked), puts, heads, gets, lists, mounts and deletes manifests", async () => {
    const repo = uniqueRepo("client");
    const small = Buffer.from(`small ${randomBytes(8).toString("hex")}`);
    const large = randomBytes(40 * 1024);
    const chunked = new RegistryClient({
      registry: stack.registry,
      dockerConfigDir: configDir,
      log,
      chunkSize: 16 * 1024,
    });
    await client.pushBlob(repo, EMPTY_CONFIG_BYTES, OCI_EMPTY);
    const smallDesc = await client.pushBlob(repo, small, "application/vnd.greenlight.test");
    const largeDesc = await chunked.pushBlob(repo, large, "application/vnd.greenlight.test");
    expect((await client.getBlob(repo, largeDesc.digest)).equals(large)).toBe(true);
    expect(await client.blobExists(repo, smallDesc.digest)).toBe(true);
    expect(await client.blobExists(repo, `sha256:${"0".repeat(64)}`)).toBe(false);
    // a second push of the same bytes is skipped (exists)
    expect(await client.pushBlob(repo, small, "application/vnd.greenlight.test")).toEqual(smallDesc);

    const bytes = artifact(smallDesc);
    const put = await client.putManifest(repo, "v1", bytes, OCI_MANIFEST);
    expect(put.subject).toBe(false);
    expect(await client.manifestDescriptor(repo, "v1")).toEqual({
      mediaType: OCI_MANIFEST,
      digest: put.digest,
      size: bytes.length,
    });
    const got = await client.getManifest(repo, put.digest);
    expect(got).toEqual({ bytes, mediaType: OCI_MANIFEST, digest: put.digest });
    expect(await client.listTags(repo)).toEqual(["v1"]);

    // crane sees the same bytes and digest
    expect((await crane(["manifest", `${stack.registry}/${repo}:v1`])).stdout).toBe(bytes.toString());
    expect((await crane(["digest", `${stack.registry}/${repo}:v1`])).stdout.trim()).toBe(put.digest);
    expect(
      (await crane(["blob", `${stack.registry}/${repo}@${largeDesc.digest}`])).stdout.length,
    ).toBeGreaterThan(0);

    const other = uniqueRepo("client-mount");
    expect(await client.mountBlob(other, largeDesc.digest, repo)).toBe(true);
    expect(await client.blobExists(other, largeDesc.digest)).toBe(true);
    expect(await client.mountBlob(other, `sha256:${"1".repeat(64)}`, repo)).toBe(false);

    expect(await client.deleteManifest(repo, put.digest)).toBe(true);
    expect(await client.manifestDescriptor(repo, put.digest)).toBeUndefined();
  });

  it("reads credentials from a docker config directory", async () => {
    const fromConfig = new RegistryClient({
      registry: stack.registry,
      dockerConfigDir: configDir,
      log: new MemoryLogger(),
    });
    await fromConfig.ping();
  });

  it("a missing manifest is a 404 that says so", async () => {
    const error = await client.getManifest(uniqueRepo("missing"), "nope").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).status).toBe(404);
    expect(describeError(error)).toMatch(
      /GET \/v2\/test\/missing-[\w-]+\/manifests\/nope answered 404 \(.*\)\nhint: no such manifest\/repository/,
    );
  });

  it("wrong credentials are a 401 naming the registry, and are never printed", async () => {
    const wrongLog = new MemoryLogger();
    const secret = `wrong-${randomBytes(4).toString("hex")}`;
    const wrong = new RegistryClient({
      registry: stack.registry,
      credentials: { username: stack.username, password: secret },
      log: wrongLog,
    });
    const error = await wrong.listTags("acme/app").catch((e: unknown) => e);
    expect((error as RegistryError).status).toBe(401);
    expect(describeError(error)).toContain(`or run \`docker login ${stack.registry}\``);
    expect(describeError(error)).not.toContain(secret);
    wrongLog.info(`leak test ${secret}`);
    expect(wrongLog.lines.join("\n")).not.toContain(secret);
  });
});
