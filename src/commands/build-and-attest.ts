import type { CommandResult } from "../command-result";
import { readGitState } from "../git";
import { type BuildResult, buildImage } from "../image/build";
import type { Report } from "../report";
import type { RunServices } from "./services";

/** Builds and pushes; then signs and attaches provenance when a signer is configured (build and release). */
export async function buildAndAttest(s: RunServices): Promise<CommandResult & { digest?: string }> {
  const built = await buildOnly(s);
  const report = buildReport(built);
  const outputs = buildOutputs(built);
  if (built.digest && s.config.signing.mode !== "none") {
    // the signers are loaded only when there is something to sign
    const { attestDigest } = await import("./attestation");
    const attested = await attestDigest(s, built.digest);
    Object.assign(outputs, attested.outputs);
    report.facts.push(...attested.report.facts);
  }
  return { outputs, report, ...(built.digest ? { digest: built.digest } : {}) };
}

async function buildOnly(s: RunServices): Promise<BuildResult> {
  const { config, ctx } = s;
  const image = s.image();
  const git = await readGitState(config.build.context, ctx.github);
  return buildImage(
    {
      image,
      ...config.build,
      dockerConfigDir: s.dockerConfigDir(),
      git,
      env: ctx.env,
    },
    {
      log: ctx.log,
      registryClientFor: (registry) => s.registryClient(registry),
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
