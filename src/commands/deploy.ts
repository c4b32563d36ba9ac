import type { Config } from "../config";
import type { RunContext } from "../context";
import {
  DeployFailedError,
  type DeployResult,
  deploy as deployDigest,
  formatPlan,
  planFor,
  promote as promoteColor,
  status as readStatus,
  rollback as rollbackTo,
} from "../deploy";
import type { EngineOptions } from "../deploy/bluegreen";
import { GreenlightError } from "../errors";
import { junitGate } from "../gate/junit";
import type { GateResult } from "../gate/result";
import { pinned, repositoryName } from "../image/reference";
import { newReleaseId, pickRollbackTarget } from "../ledger/ledger";
import { buildTestResultStatement } from "../provenance/statement";
import type { Report } from "../report";
import type { CommandResult } from "../run";
import { buildContext, signAndAttach } from "./attest";
import { engineOptions, preStageGates } from "./engine";
import { requireImage } from "./registry";
import { requireDigest, verifyBeforeDeploy } from "./verify";

/** `deploy`: verify, stage the digest as the idle color, gate, promote (unless manual), watch. */
export async function deploy(config: Config, ctx: RunContext): Promise<CommandResult> {
  return deployPinned(config, ctx, requireDigest(config));
}

/** Deploys one digest of the configured repository (also the last step of release). */
export async function deployPinned(config: Config, ctx: RunContext, digest: string): Promise<CommandResult> {
  const image = pinned(requireImage(config), digest);
  const engine = engineOptions(config, ctx);
  const gates = preStageGates(config);
  if (config.deploy.dryRun) {
    const plan = await planFor({
      ...engine,
      image,
      preStageGates: gates,
      promotion: config.deploy.promotion,
    });
    const verification = config.policy.enabled
      ? `verify ${image} against the policy`
      : "skip verification (verify: false)";
    const text = `${verification}\n${formatPlan(plan)}`;
    ctx.log.info(text);
    return {
      outputs: {},
      report: { title: `Plan for ${image} (dry run: nothing changed)`, facts: [], notes: text.split("\n") },
    };
  }
  await signTestResults(config, ctx, digest);
  const verified = await verifyBeforeDeploy(config, ctx, digest);
  const release = newReleaseId(ctx.now(), digest);
  return mirrored(config, ctx, { digest, release, description: `deploy ${image}` }, () =>
    deployDigest({
      ...engine,
      image,
      release,
      preStageGates: gates,
      promotion: config.deploy.promotion,
      ...(verified ? { verification: { verified: true, detail: verificationDetail(verified.checks) } } : {}),
    }),
  );
}

/** `promote`: switch live to the staged color whose gates passed. */
export async function promote(config: Config, ctx: RunContext): Promise<CommandResult> {
  const engine = engineOptions(config, ctx);
  const staged = await readStatus(engine);
  const digest = staged.previewDigest;
  if (digest && config.image) await verifyBeforeDeploy(config, ctx, digest);
  const release = staged.state.preview ? (staged.state.colors[staged.state.preview]?.release ?? "") : "";
  return mirrored(config, ctx, { digest: digest ?? "", release, description: "promote" }, () =>
    promoteColor(engine),
  );
}

/**
 * `rollback`: with `to` (a digest or a release id) deploy that earlier release through verify and the
 * gates; without it switch back to the warm previous color, or, when none is warm, redeploy the
 * newest earlier release that was promoted and stayed healthy.
 */
export async function rollback(config: Config, ctx: RunContext): Promise<CommandResult> {
  const engine = engineOptions(config, ctx);
  const now = await readStatus(engine);
  const target = await rollbackTarget(config, engine, now.warm?.digest);
  await verifyBeforeDeploy(config, ctx, target.digest);
  const image = pinned({ registry: target.registry, repository: target.repository }, target.digest);
  const release = target.warm
    ? (now.state.colors[now.warm?.color as "blue" | "green"]?.release ?? "")
    : newReleaseId(ctx.now(), target.digest);
  return mirrored(config, ctx, { digest: target.digest, release, description: `rollback to ${image}` }, () =>
    rollbackTo({
      ...engine,
      ...(target.warm ? {} : { to: image, release, preStageGates: preStageGates(config) }),
    }),
  );
}

interface RollbackTarget {
  registry: string;
  repository: string;
  digest: string;
  warm: boolean;
}

async function rollbackTarget(
  config: Config,
  engine: EngineOptions,
  warmDigest: string | undefined,
): Promise<RollbackTarget> {
  const to = config.deploy.to;
  const image = config.image;
  if (!to && warmDigest && image) return { ...image, digest: warmDigest, warm: true };
  const history = await engine.ledger.history();
  const record = to
    ? history.findLast((r) => r.digest === to || r.release === to)
    : pickRollbackTarget(history);
  if (to?.startsWith("sha256:") && !record && image) return { ...image, digest: to, warm: false };
  if (!record) {
    throw new GreenlightError(
      to
        ? `rollback: '${to}' is neither a digest nor a release in the ledger of ${config.deploy.environment}`
        : `rollback: no warm previous color and no earlier healthy release in the ledger of ${config.deploy.environment}`,
      { hint: "pass 'to' as sha256:<hex> or a release id that 'greenlight status' lists" },
    );
  }
  const [registry = "", ...path] = record.repository.split("/");
  return { registry, repository: path.join("/"), digest: record.digest, warm: false };
}

/** `status`: live, preview and previous by digest, the lock holder, drift against the ledger. */
export async function status(config: Config, ctx: RunContext): Promise<CommandResult> {
  const s = await readStatus(engineOptions(config, ctx));
  const colors = Object.values(s.state.colors).map((c): [string, string] => [
    c.color,
    `${c.status} ${c.digest ?? c.image}${c.color === s.state.live ? " (live)" : c.color === s.state.preview ? " (preview)" : ""}`,
  ]);
  const drift = s.drift.map((d) => `${d.color ?? "-"}: ${d.detail}`);
  const report: Report = {
    title: `${config.deploy.app}/${config.deploy.environment}: ${s.liveDigest ? `live ${s.liveDigest}` : "nothing live"}`,
    facts: [
      ["live", `${s.state.live ?? "-"} ${s.liveDigest ?? ""} ${s.endpoints.liveUrl}`],
      ["preview", `${s.state.preview ?? "-"} ${s.previewDigest ?? ""} ${s.endpoints.previewUrl}`],
      ["warm previous", s.warm ? `${s.warm.color} ${s.warm.digest}` : "none"],
      ...colors,
      [
        "lock",
        s.state.lock
          ? `${s.state.lock.owner} until ${s.state.lock.expiresAt}${s.state.lock.runUrl ? ` (${s.state.lock.runUrl})` : ""}`
          : "free",
      ],
      ["ledger live", s.ledgerLive ? `${s.ledgerLive.digest} (release ${s.ledgerLive.release})` : "-"],
      [
        "rollback target",
        s.rollbackTarget ? `${s.rollbackTarget.digest} (release ${s.rollbackTarget.release})` : "-",
      ],
      ["drift", drift.length ? drift.join("; ") : "none"],
    ],
  };
  return {
    outputs: {
      "live-digest": s.liveDigest ?? "",
      color: s.state.live ?? "",
      url: s.endpoints.liveUrl,
      drift: drift.join("\n"),
    },
    report,
  };
}

/** Runs an engine command inside a GitHub Deployments record and turns its result into outputs and a report. */
async function mirrored(
  config: Config,
  ctx: RunContext,
  facts: { digest: string; release: string; description: string },
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
    const staged = result.outcome === "staged";
    await ctx.deployments?.finish(staged ? "inactive" : "success", {
      environmentUrl: result.liveUrl,
      description: `${result.outcome}: ${result.image}`,
    });
    return { outputs: deployOutputs(result), report: deployReport(config, result) };
  } catch (error) {
    if (!(error instanceof DeployFailedError)) {
      await ctx.deployments?.finish("error", { description: (error as Error).message.slice(0, 140) });
      throw error;
    }
    await ctx.deployments?.finish("failure", { description: error.message.slice(0, 140) });
    const report = deployReport(config, error.result);
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

function deployReport(config: Config, r: DeployResult): Report {
  const rollback =
    r.outcome === "promoted" && r.previousDigest
      ? `greenlight rollback --image ${repositoryName(requireImage(config))} --environment ${r.environment}   # switch back to ${r.previousDigest}`
      : undefined;
  return {
    title: `${r.action} ${r.image}: ${r.outcome}`,
    facts: [
      ["app / environment", `${r.app} / ${r.environment}`],
      ["digest", r.digest],
      ["release", r.release],
      ["live", `${r.liveColor ?? "-"} ${r.liveUrl}`],
      ["preview", r.previewUrl],
      ["previous digest", r.previousDigest ?? "-"],
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
 * Signs the test results of earlier jobs as an in-toto test-result attestation on the digest, so
 * that verification (require-test-results) and later rollbacks can rely on them.
 */
async function signTestResults(config: Config, ctx: RunContext, digest: string): Promise<void> {
  const d = config.deploy;
  if (!d.testResults.length || config.signing.mode === "none") return;
  const results: GateResult[] = [
    await junitGate(
      d.testResults,
      { maxFailures: d.maxFailures, minTests: d.minTests },
      { cwd: config.workdir },
    ),
  ];
  if (!results.every((r) => r.passed)) return; // the pre-stage gate refuses it with the details
  const subject = { name: repositoryName(requireImage(config)), digest };
  const statement = buildTestResultStatement(subject, results, await buildContext(config, ctx));
  await ctx.log.group("Attest test results", () => signAndAttach(config, ctx, digest, statement));
}

function verificationDetail(checks: { name: string; passed: boolean }[]): string {
  return checks.map((c) => `${c.passed ? "ok" : "failed"} ${c.name}`).join(", ");
}
