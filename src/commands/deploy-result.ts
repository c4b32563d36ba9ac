import type { Config } from "../config";
import type { RunContext } from "../context";
import { DeployFailedError, type DeployResult } from "../deploy";
import { repositoryName } from "../image/reference";
import type { Report } from "../report";
import type { CommandResult } from "../run";
import { requireImage } from "./registry";

/** Runs an engine command inside a GitHub Deployments record and turns its result into outputs and a report. */
export async function mirrored(
  config: Config,
  ctx: RunContext,
  facts: { digest: string; release: string; description: string; verification?: string },
  run: () => Promise<DeployResult>,
): Promise<CommandResult> {
  const repository = repositoryName(requireImage(config));
  await ctx.deployments?.start({
    environment: config.deploy.environment,
    ref: ctx.env.GITHUB_SHA || facts.digest,
    digest: facts.digest,
    image: repository,
    release: facts.release,
    description: facts.description,
    ...(ctx.runUrl ? { logUrl: ctx.runUrl } : {}),
  });
  try {
    const result = await run();
    const state =
      result.outcome === "staged" ? "inactive" : result.outcome === "failed" ? "failure" : "success";
    await ctx.deployments?.finish(state, {
      environmentUrl: result.liveUrl,
      description: `${result.outcome}: ${result.image}`,
    });
    return { outputs: deployOutputs(result), report: deployReport(config, ctx, result, facts.verification) };
  } catch (error) {
    if (!(error instanceof DeployFailedError)) {
      await ctx.deployments?.finish("error", { description: (error as Error).message.slice(0, 140) });
      throw error;
    }
    await ctx.deployments?.finish("failure", { description: error.message.slice(0, 140) });
    const report = deployReport(config, ctx, error.result, facts.verification);
    report.title = `${error.result.action} of ${error.result.image} failed: ${error.message}`;
    return { outputs: deployOutputs(error.result), report, failed: true };
  }
}

function deployOutputs(r: DeployResult): CommandResult["outputs"] {
  return {
    color: r.liveColor ?? "",
    url: r.liveUrl,
    "preview-url": r.previewUrl,
    "previous-digest": r.previousDigest ?? "",
    "release-id": r.release,
    "live-digest": r.liveColor === r.color ? r.digest : (r.previousDigest ?? ""),
    digest: r.digest,
    image: r.image,
  };
}

function deployReport(
  config: Config,
  ctx: RunContext,
  r: DeployResult,
  verification: string | undefined,
): Report {
  const rollback = r.outcome === "promoted" && r.previousDigest ? rollbackHowTo(config, ctx, r) : undefined;
  return {
    title: `${r.action} ${r.image}: ${r.outcome}`,
    facts: [
      ["app / environment", `${r.app} / ${r.environment}`],
      ["digest", r.digest],
      ["release", r.release],
      ["live", `${r.liveColor ?? "-"} ${r.liveUrl}`],
      ["preview", r.previewUrl],
      ["previous digest", r.previousDigest ?? "-"],
      ["verification", verification ?? "skipped (verify: false)"],
      ...(r.reason ? [["reason", r.reason] as [string, string]] : []),
    ],
    timeline: r.timeline.map((t) => ({
      step: t.step,
      outcome: `${t.ok ? "" : "FAILED: "}${t.detail}`,
      durationMs: t.durationMs,
    })),
    gates: r.gates,
    ...(rollback ? { rollback } : {}),
  };
}

/**
 * The exact command (and, in Actions, the workflow dispatch) that undoes this release: after a deploy
 * a switch back to the warm previous color; after a rollback, a verified, gated redeploy of what it
 * replaced (the ledger no longer counts a rolled-back release as healthy, so no plain switch).
 */
function rollbackHowTo(config: Config, ctx: RunContext, r: DeployResult): string {
  const image = repositoryName(requireImage(config));
  const where = `--image ${image} --app ${r.app} --environment ${r.environment}`;
  const lines =
    r.action === "rollback"
      ? [
          `# redeploy what this rollback replaced, verified and gated`,
          `greenlight rollback ${where} --to ${r.previousDigest}`,
        ]
      : [`# switch back to the warm previous color (${r.previousDigest})`, `greenlight rollback ${where}`];
  if (ctx.env.GITHUB_ACTIONS === "true") {
    lines.push(
      "# or from GitHub, with the rollback workflow caller from greenlight's README",
      `gh workflow run rollback.yml -f environment=${r.environment} -f to=${r.previousDigest} -f reason="…"`,
    );
  }
  return lines.join("\n");
}
