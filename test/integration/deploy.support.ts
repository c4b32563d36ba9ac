// Helpers shared by the deploy/router integration tests: images of the sample app pushed to the
// stack's registry (pinned by digest), free loopback ports, a real RegistryLedger, plain GETs.
import { randomBytes } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DockerTarget, type DockerTargetOptions } from "../../src/deploy/docker/target";
import { exec } from "../../src/exec";
import type { LedgerStore, ReleaseRecord } from "../../src/ledger/record";
import { RegistryLedger } from "../../src/ledger/registry-store";
import { MemoryLogger } from "../../src/log";
import { freePort } from "../support/runner";
import { loadStack, loggedInDockerConfig, type Stack, stackClient } from "../support/stack";

export { freePort, get } from "../support/runner";

export const stack: Stack = loadStack();

/** A docker config dir logged in to the stack's registry (the user's own config is untouched). */
export const dockerConfig = (): Promise<string> => loggedInDockerConfig(stack);
const runId = randomBytes(2).toString("hex");

/** Builds the sample app at `version` (classic builder), pushes it, returns `repo@sha256:…`. */
export async function pushApp(
  config: string,
  repo: string,
  version: string,
  dockerfile?: string,
): Promise<string> {
  const tag = `${stack.registry}/${repo}:${version}`;
  const env = { DOCKER_CONFIG: config, DOCKER_BUILDKIT: "0" };
  const args = ["build", "--quiet", "--build-arg", `VERSION=${version}`, "-t", tag];
  if (dockerfile) {
    const dir = await mkdtemp(join(tmpdir(), "gl-deploy-ctx-"));
    await writeFile(join(dir, "Dockerfile"), dockerfile);
    await exec("docker", [...args, dir], { env });
  } else {
    await exec("docker", [...args, stack.appContext], { env });
  }
  await exec("docker", ["push", "--quiet", tag], { env });
  // the same image may carry digests of other repositories (identical builds): take this one's
  const inspected = await exec("docker", ["inspect", "--format", "{{json .RepoDigests}}", tag], { env });
  const pinned = (JSON.parse(inspected.stdout) as string[]).find((d) =>
    d.startsWith(`${stack.registry}/${repo}@`),
  );
  if (!pinned) throw new Error(`no digest of ${repo} in ${inspected.stdout}`);
  return pinned;
}

/** An app name unique to this run, fit for container names. */
export function uniqueApp(prefix: string): string {
  return `gl${prefix}-${runId}${randomBytes(2).toString("hex")}`;
}

export function registryLedger(repo: string, environment: string): RegistryLedger {
  return new RegistryLedger({ client: stackClient(stack), repository: repo, environment });
}

/** A Docker target for a test app on free loopback ports, using the local router image. */
export async function testTarget(
  app: string,
  config: string,
  extra: Partial<DockerTargetOptions> = {},
): Promise<DockerTarget> {
  return new DockerTarget({
    app,
    environment: "test",
    log: new MemoryLogger(),
    livePort: await freePort(),
    previewPort: await freePort(),
    publishAddress: "127.0.0.1",
    routerImage: stack.routerImage,
    healthPath: "/healthz",
    docker: { env: { DOCKER_CONFIG: config } },
    ...extra,
  });
}

/** Same environment, other per-deploy options (env vars of the colors): same ports, same router. */
export function sameTarget(target: DockerTarget, extra: Partial<DockerTargetOptions>): DockerTarget {
  return new DockerTarget({ ...target.options, ...extra });
}

/** Names of the containers (any state) labelled as this environment's. */
export async function containers(app: string, environment = "test"): Promise<string[]> {
  const out = await exec("docker", [
    ...["ps", "-a", "--filter", `label=dev.greenlight.app=${app}`],
    ...["--filter", `label=dev.greenlight.env=${environment}`, "--format", "{{.Names}}"],
  ]);
  return out.stdout.split("\n").filter(Boolean).sort();
}

/** A ledger kept in memory, for tests about the lock and the router where the registry ledger adds nothing. */
export class MemoryLedger implements LedgerStore {
  readonly records: ReleaseRecord[] = [];
  async append(record: ReleaseRecord): Promise<string> {
    this.records.push(structuredClone(record));
    return `memory:${this.records.length}`;
  }
  async history(): Promise<ReleaseRecord[]> {
    return structuredClone(this.records);
  }
}
