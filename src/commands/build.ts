import type { Config } from "../config";
import type { RunContext } from "../context";
import { readGitState } from "../git";
import { type BuildResult, buildImage } from "../image/build";
import type { Report } from "../report";
import type { CommandResult } from "../run";
import { dockerConfigFor, registryClient, requireImage } from "./registry";

/** `build`: build, push, pin by digest, and attest when a signer is configured. */
export async function build(config: Config, ctx: RunContext): Promise<CommandResult> {
  const { outputs, report } = await buildAndAttest(config, ctx);
  return { outputs, report };
}

/** Builds and pushes; then signs and attaches provenance when a signer is configured (build and release). */
export async function buildAndAttest(
  config: Config,
  ctx: RunContext,
): Promise<CommandResult & { digest?: string }> {
  const built = await buildOnly(config, ctx);
  const report = buildReport(built);
  const outputs = buildOutputs(built);
  if (built.digest && config.signing.mode !== "none") {
    // the signers are loaded only when there is something to sign
    const { attestDigest } = await import("./attest");
    const attested = await attestDigest(config, ctx, built.digest);
    Object.assign(outputs, attested.outputs);
    report.facts.push(...attested.report.facts);
  }
  return { outputs, report, ...(built.digest ? { digest: built.digest } : {}) };
}

async function buildOnly(config: Config, ctx: RunContext): Promise<BuildResult> {
  const image = requireImage(config);
  const git = await readGitState(config.build.context, ctx.env);
  return buildImage(
    {
      image,
      ...config.build,
      dockerConfigDir: dockerConfigFor(config, ctx),
      git,
      env: ctx.env,
    },
    {
      log: ctx.log,
      registryClientFor: (registry) => registryClient(config, ctx, registry),
      ...(ctx.cacheStore ? { cacheStore: ctx.cacheStore } : {}),
    },
  );
}

function buildOutputs(built: BuildResult): CommandResult["outputs"] {
  return {
    digest: built.digest ?? "",
    image: built.image ?? "",
    tags: built.tags.join("\n"),
    metadata: JSON.stringify({
      digest: built.digest,
      image: built.image,
      tags: built.tags,
      imageid: built.imageId,
      platforms: built.platforms,
      size: built.sizeBytes,
      labels: built.labels,
      builder: built.builder,
      durations: built.durations,
      ...built.metadata,
    }),
  };
}

function buildReport(built: BuildResult): Report {
  const size =
    typeof built.sizeBytes === "number"
      ? bytes(built.sizeBytes)
      : Object.entries(built.sizeBytes ?? {})
          .map(([platform, n]) => `${platform}: ${bytes(n)}`)
          .join(", ");
  return {
    title: built.image ? `Built ${built.image}` : "Built (not pushed: no digest)",
    facts: [
      ["image", built.image ?? "(not pushed)"],
      ["digest", built.digest ?? "(not pushed)"],
      ["tags", built.tags.join(", ")],
      ["size", size || "-"],
      ["builder", built.builder],
      ["build", `${(built.durations.buildMs / 1000).toFixed(1)} s`],
      ["push", `${(built.durations.pushMs / 1000).toFixed(1)} s`],
      ["cache", built.cache],
    ],
  };
}

function bytes(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}
