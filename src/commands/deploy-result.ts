import type { CommandResult } from "../command-result";
import type { Config } from "../config";
import type { RunContext } from "../context";
import { DeployFailedError, type DeployResult } from "../deploy";
import { repositoryName } from "../image/reference";
import type { Report } from "../report";
import { nextCommand } from "./next-command";
import type { RunServices } from "./services";

/** Runs an engine command inside a GitHub Deployments record and turns its result into outputs and a report. */
export async function mirrored(
  s: RunServices,
  facts: { digest: string; release: string; description: string; verification?: string },
  run: () => Promise<DeployResult>,
): Promise<CommandResult> {
  const { config, ctx } = s;
  const repository = repositoryName(s.image());
  await ctx.deployments?.start({
    environment: config.deploy.environment,
    ref: ctx.github?.sha || facts.digest,
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
    report.title = `${error.result.action} of ${error.result.image} ${error.result.outcome === "refused" ? "refused" : "failed"}: ${error.result.reason ?? error.message}`;
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
  const next = r.outcome === "staged" ? promoteHowTo(config, ctx, r) : undefined;
  return {
    title: titleOf(r),
    facts: [
      ["app / environment", `${r.app} / ${r.environment}`],
      ["digest", r.digest],
      ["release", r.release],
      ["live", `${r.liveColor ?? "-"} ${r.liveUrl}`],
      ["preview", r.previewUrl],
      ["previous digest", r.previousDigest ?? "-"],
      ...verificationFact(config, r, verification),
      ...(r.reason ? [["reason", r.reason] as [string, string]] : []),
    ],
    timeline: r.timeline.map((t) => ({
      step: t.step,
      outcome: `${t.ok ? "" : "FAILED: "}${t.detail}`,
      durationMs: t.durationMs,
    })),
    gates: r.gates,
    ...(next ? { next } : {}),
    ...(rollback ? { rollback } : {}),
  };
}

/** The report's title for a command that went through: what is true now, in the command's words. */
export function titleOf(
  r: Pick<DeployResult, "action" | "outcome" | "image" | "color" | "liveColor">,
): string {
  const live = r.liveColor ? `live on ${r.liveColor}` : "nothing live";
  if (r.outcome === "unchanged") return `${r.action} ${r.image}: already done, nothing changed (${live})`;
  if (r.action === "reject") return `reject ${r.image}: rejected, ${r.color} stopped; ${live}, untouched`;
  if (r.outcome === "staged")
    return `${r.action} ${r.image}: staged on ${r.color}, waiting for promote or reject`;
  if (r.outcome === "promoted")
    return r.action === "rollback" ? `rollback to ${r.image}: ${live}` : `${r.action} ${r.image}: ${live}`;
  return `${r.action} ${r.image}: ${r.outcome}`;
}

/** What verification really did: verified (and what), skipped by `verify: false`, or not part of the command. */
function verificationFact(
  config: Config,
  r: DeployResult,
  verification: string | undefined,
): [string, string][] {
  if (verification) return [["verification", `verified: ${verification}`]];
  if (r.action === "reject") return []; // rejecting verifies nothing: it only stops a staged color
  return [["verification", config.policy.enabled ? "not run" : "skipped (verify: false)"]];
}

/** How to promote or reject a staged release: the CLI lines and, in Actions, the workflow dispatch. */
function promoteHowTo(config: Config, ctx: RunContext, r: DeployResult): Report["next"] {
  const lines = [
    `# send live traffic to ${r.color} (${r.digest}), verified again first`,
    nextCommand(config, "promote"),
    `# or throw it away (live stays as it is); add --reason '…' to record why`,
    nextCommand(config, "reject"),
  ];
  if (ctx.github) {
    lines.push(
      "# or from GitHub, with the rollback workflow caller from greenlight's README",
      `gh workflow run rollback.yml -f command=promote -f environment=${r.environment} -f reason='reviewed'`,
      `gh workflow run rollback.yml -f command=reject -f environment=${r.environment} -f reason='…'`,
    );
  }
  return { heading: `Promote or reject release ${r.release}`, commands: lines.join("\n") };
}

/**
 * The exact command (and, in Actions, the workflow dispatch) that undoes this release: after a deploy
 * a switch back to the warm previous color; after a rollback, a verified, gated redeploy of what it
 * replaced (the ledger no longer counts a rolled-back release as healthy, so no plain switch).
 */
function rollbackHowTo(config: Config, ctx: RunContext, r: DeployResult): string {
  const lines =
    r.action === "rollback"
      ? [
          `# redeploy what this rollback replaced, verified and gated`,
          nextCommand(config, "rollback", { to: r.previousDigest ?? "" }),
        ]
      : [`# switch back to the warm previous color (${r.previousDigest})`, nextCommand(config, "rollback")];
  if (ctx.github) {
    lines.push(
      "# or from GitHub, with the rollback workflow caller from greenlight's README",
      `gh workflow run rollback.yml -f environment=${r.environment}${r.action === "rollback" ? ` -f to=${r.previousDigest}` : ""} -f reason='…'`,
    );
  }
  return lines.join("\n");
}
