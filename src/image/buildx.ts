import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GreenlightError } from "../errors";
import { DOCKER_CLIENT_ENV, exec } from "../exec";
import type { Logger } from "../log";
import { outputLines } from "../output-lines";
import type { Builder, BuilderOutput, BuildPlan } from "./build";
import { pushFailure } from "./classic";
import { isDigest } from "./reference";

/** `docker buildx build` argv for a plan; pure. `metadataFile` receives buildx's metadata JSON. */
export function buildxArgs(plan: BuildPlan, builderName: string | undefined, metadataFile: string): string[] {
  const args = ["buildx", "build"];
  if (builderName) args.push("--builder", builderName);
  if (plan.file) args.push("--file", plan.file);
  for (const ref of plan.refs) args.push("--tag", ref);
  for (const [key, value] of Object.entries(plan.labels)) args.push("--label", `${key}=${value}`);
  for (const [key, value] of plan.buildArgs) args.push("--build-arg", `${key}=${value}`);
  if (plan.platforms.length) args.push("--platform", plan.platforms.join(","));
  for (const from of plan.cacheFrom) args.push("--cache-from", from);
  for (const to of plan.cacheTo) args.push("--cache-to", to);
  args.push("--metadata-file", metadataFile);
  // one line a step, streamed into the log (a collapsed group in Actions, under the heading in a terminal)
  args.push("--progress=plain");
  // greenlight signs its own provenance; buildx's default attestation adds `unknown/unknown` entries.
  args.push("--provenance=false");
  if (plan.push) args.push("--push");
  else if (plan.platforms.length <= 1) args.push("--load");
  args.push(plan.context);
  return args;
}

/** What buildx's `--metadata-file` says about the image. */
export interface BuildxMetadata {
  digest?: string;
  /** The config digest (build-push-action's `imageid`) for a single-platform image. */
  imageId?: string;
  raw: Record<string, unknown>;
}

/** Parses the metadata file; `containerimage.digest` is the manifest (or index) digest that was pushed. */
export function parseBuildxMetadata(text: string): BuildxMetadata {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new GreenlightError("buildx wrote a metadata file that is not JSON", { cause });
  }
  const digest = raw["containerimage.digest"];
  const config = raw["containerimage.config.digest"];
  return {
    raw,
    ...(typeof digest === "string" && isDigest(digest) ? { digest } : {}),
    ...(typeof config === "string" && isDigest(config) ? { imageId: config } : {}),
  };
}

/** True when `docker buildx` is installed as a CLI plugin. */
export async function buildxAvailable(env: Record<string, string | undefined> = {}): Promise<boolean> {
  const result = await exec("docker", ["buildx", "version"], {
    inherit: DOCKER_CLIENT_ENV,
    env,
    allowFailure: true,
  }).catch(() => undefined);
  return result?.exitCode === 0;
}

/** The driver of a buildx builder (`docker`, `docker-container`, `remote`, ...); undefined if unknown. */
export async function buildxDriver(
  builderName: string | undefined,
  env: Record<string, string | undefined> = {},
): Promise<string | undefined> {
  const args = ["buildx", "inspect", ...(builderName ? [builderName] : [])];
  const result = await exec("docker", args, {
    inherit: DOCKER_CLIENT_ENV,
    env,
    allowFailure: true,
  }).catch(() => undefined);
  return result?.exitCode === 0 ? /^Driver:\s*(\S+)/m.exec(result.stdout)?.[1] : undefined;
}

/** Builds (and pushes) with `docker buildx build`, reading the digest from `--metadata-file`. */
export class BuildxBuilder implements Builder {
  readonly kind = "buildx" as const;
  constructor(
    private readonly builderName: string | undefined,
    /** The builder's driver: `docker` cannot export a cache. */
    readonly driver?: string,
  ) {}

  async build(plan: BuildPlan, log: Logger): Promise<BuilderOutput> {
    const dir = await mkdtemp(join(tmpdir(), "greenlight-buildx-"));
    try {
      const metadataFile = join(dir, "metadata.json");
      const args = buildxArgs(plan, this.builderName, metadataFile);
      log.debug(`docker ${args.join(" ")}`);
      const started = Date.now();
      const output = outputLines((line) => log.info(line));
      const result = await exec("docker", args, {
        inherit: DOCKER_CLIENT_ENV,
        env: plan.env,
        allowFailure: true,
        onOutput: output.write,
      }).finally(output.flush);
      const buildMs = Date.now() - started;
      if (result.exitCode !== 0) throw buildxFailure(plan, result.stderr);
      const metadata = parseBuildxMetadata(await readFile(metadataFile, "utf8"));
      if (plan.push && !metadata.digest) {
        throw new GreenlightError("buildx pushed but its metadata file has no containerimage.digest", {
          hint: `metadata keys: ${Object.keys(metadata.raw).join(", ")}`,
        });
      }
      // buildx pushes inside the build; its push time is not reported apart from the build.
      return { ...metadata, metadata: metadata.raw, buildMs, pushMs: 0 };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** An error for a failed `buildx build`: a refused push, the docker driver asked for several platforms, or the tail. */
export function buildxFailure(plan: BuildPlan, stderr: string): Error {
  const push = plan.push ? pushFailure(plan.refs[0] ?? "", stderr) : undefined;
  if (push) return push;
  const tail = stderr.trimEnd().split("\n").slice(-8).join("\n");
  if (/multi-platform build is not supported/i.test(stderr)) {
    return new GreenlightError(
      `docker buildx build of ${plan.context} for ${plan.platforms.join(",")} failed:\n${tail}`,
      {
        hint: "input 'platforms' lists several platforms, which the docker driver cannot build; set 'buildx-builder' to a docker-container or remote builder",
      },
    );
  }
  return new GreenlightError(`docker buildx build of ${plan.context} failed:\n${tail}`, {
    hint: "see the build output above; check 'file', 'build-args' and 'platforms'",
  });
}
