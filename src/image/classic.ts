import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GreenlightError, InputError } from "../errors";
import { DOCKER_CLIENT_ENV, exec } from "../exec";
import type { Logger } from "../log";
import { outputLines } from "../output-lines";
import type { Builder, BuilderOutput, BuildPlan } from "./build";
import { parseReference } from "./reference";

/** `docker build` argv for the classic builder (run with DOCKER_BUILDKIT=0); pure. */
export function classicBuildArgs(plan: BuildPlan, iidFile: string): string[] {
  if (plan.platforms.length > 1) {
    throw new InputError(
      "platforms",
      `${plan.platforms.join(",")} needs a multi-platform build, which the classic builder cannot do`,
      "one platform, or install docker buildx (builder: buildx)",
    );
  }
  const args = ["build"];
  if (plan.file) args.push("--file", plan.file);
  for (const [key, value] of Object.entries(plan.labels)) args.push("--label", `${key}=${value}`);
  for (const [key, value] of plan.buildArgs) args.push("--build-arg", `${key}=${value}`);
  if (plan.platforms[0]) args.push("--platform", plan.platforms[0]);
  for (const from of plan.cacheFrom) args.push("--cache-from", from);
  for (const ref of plan.refs) args.push("--tag", ref);
  args.push("--iidfile", iidFile, plan.context);
  return args;
}

/** The digest `docker push` reports (`<tag>: digest: sha256:<hex> size: <n>`); undefined if absent. */
export function parsePushDigest(output: string): string | undefined {
  const matches = [...output.matchAll(/digest: (sha256:[a-f0-9]{64}) size: \d+/g)];
  return matches.at(-1)?.[1];
}

/** A push refused by the registry, as an error naming the registry and what to check; else undefined. */
export function pushFailure(ref: string, output: string): GreenlightError | undefined {
  const registry = safeRegistry(ref);
  const text = output.toLowerCase();
  if (
    /unauthorized|authentication required|no basic auth credentials|access to the resource is denied|access denied|\b40[13] forbidden/.test(
      text,
    )
  ) {
    return new GreenlightError(`push of ${ref} refused by registry ${registry}: not authorised`, {
      hint: `check the username/password (or 'docker login ${registry}') used for ${registry}, and that the account may push to this repository`,
    });
  }
  if (/connection refused|no such host|i\/o timeout|server gave http response to https client/.test(text)) {
    return new GreenlightError(`push of ${ref} could not reach registry ${registry}`, {
      hint: `check that ${registry} is up and reachable from the Docker daemon (and listed as an insecure registry if it speaks plain http)`,
    });
  }
  return undefined;
}

function safeRegistry(ref: string): string {
  try {
    return parseReference(ref).registry;
  } catch {
    return ref;
  }
}

/** Builds with the classic builder (`DOCKER_BUILDKIT=0 docker build`) and pushes each tag. */
export class ClassicBuilder implements Builder {
  readonly kind = "classic" as const;

  async build(plan: BuildPlan, log: Logger): Promise<BuilderOutput> {
    const dir = await mkdtemp(join(tmpdir(), "greenlight-classic-"));
    const env = { ...plan.env, DOCKER_BUILDKIT: "0" };
    try {
      const iidFile = join(dir, "iid");
      const args = classicBuildArgs(plan, iidFile);
      log.debug(`docker ${args.join(" ")}`);
      const started = Date.now();
      const output = outputLines((line) => log.info(line));
      await exec("docker", args, { inherit: DOCKER_CLIENT_ENV, env, onOutput: output.write }).finally(
        output.flush,
      );
      const buildMs = Date.now() - started;
      const imageId = (await readFile(iidFile, "utf8")).trim();
      if (plan.platforms[0]) await requirePlatform(imageId, plan.platforms[0], env);
      if (!plan.push) return { imageId, metadata: { "image.id": imageId }, buildMs, pushMs: 0 };
      const pushStarted = Date.now();
      const digests = new Map<string, string>();
      for (const ref of plan.refs) digests.set(ref, await pushOne(ref, env));
      const pushMs = Date.now() - pushStarted;
      const distinct = new Set(digests.values());
      if (distinct.size !== 1) {
        throw new GreenlightError(`docker push reported different digests for one image: ${[...digests]}`);
      }
      const digest = [...distinct][0] as string;
      return {
        digest,
        imageId,
        metadata: { "image.id": imageId, "push.digests": Object.fromEntries(digests) },
        buildMs,
        pushMs,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

async function pushOne(ref: string, env: Record<string, string | undefined>): Promise<string> {
  const result = await exec("docker", ["push", ref], {
    inherit: DOCKER_CLIENT_ENV,
    env,
    allowFailure: true,
  });
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.exitCode !== 0) {
    throw (
      pushFailure(ref, output) ??
      new GreenlightError(`docker push ${ref} failed:\n${output.trim().split("\n").slice(-5).join("\n")}`)
    );
  }
  const digest = parsePushDigest(result.stdout);
  if (!digest) throw new GreenlightError(`docker push ${ref} succeeded but printed no digest`);
  return digest;
}

/** The classic builder ignores `--platform` for `FROM scratch` and builds for the daemon: check what it made. */
async function requirePlatform(imageId: string, wanted: string, env: Record<string, string | undefined>) {
  const format = "{{.Os}}/{{.Architecture}}";
  const built = (
    await exec("docker", ["image", "inspect", "--format", format, imageId], {
      inherit: DOCKER_CLIENT_ENV,
      env,
    })
  ).stdout.trim();
  const [os, arch] = wanted.split("/");
  if (built !== `${os}/${arch}`) {
    throw new InputError(
      "platforms",
      `asked for ${wanted}, but the classic builder built ${built} (it builds for the daemon's platform)`,
      `${built}, or use buildx (builder: buildx) to build for ${wanted}`,
    );
  }
}
