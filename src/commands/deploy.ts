import type { Config } from "../config";
import type { RunContext } from "../context";
import {
  deploy as deployDigest,
  promote as promoteColor,
  status as readStatus,
  reject as rejectColor,
} from "../deploy";
import { pinned, repositoryName } from "../image/reference";
import { newReleaseId } from "../ledger/ledger";
import { buildTestResultStatement } from "../provenance/statement";
import type { CommandResult } from "../run";
import { buildContext, signAndAttach } from "./attest";
import { mirrored } from "./deploy-result";
import { engineOptions, preStageGates, testResults } from "./engine";
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
  await signTestResults(config, ctx, digest);
  const verification = await verifyBeforeDeploy(config, ctx, digest);
  const release = newReleaseId(ctx.now(), digest);
  return mirrored(config, ctx, { digest, release, description: `deploy ${image}`, verification }, () =>
    deployDigest({
      ...engine,
      image,
      release,
      preStageGates: gates,
      promotion: config.deploy.promotion,
      ...(verification ? { verification: { verified: true, detail: verification } } : {}),
    }),
  );
}

/** `promote`: switch live to the staged color whose gates passed. */
export async function promote(config: Config, ctx: RunContext): Promise<CommandResult> {
  const engine = engineOptions(config, ctx);
  const staged = await readStatus(engine);
  const digest = staged.previewDigest;
  const verification = digest ? await verifyBeforeDeploy(config, ctx, digest) : undefined;
  const release = staged.state.preview ? (staged.state.colors[staged.state.preview]?.release ?? "") : "";
  return mirrored(config, ctx, { digest: digest ?? "", release, description: "promote", verification }, () =>
    promoteColor(engine),
  );
}

/**
 * Signs the test results of earlier jobs as an in-toto test-result attestation on the digest, so
 * that verification (require-test-results) and later rollbacks can rely on them.
 */
async function signTestResults(config: Config, ctx: RunContext, digest: string): Promise<void> {
  const d = config.deploy;
  if (!d.testResults.length || config.signing.mode === "none") return;
  const results = [await testResults(config)];
  if (!results.every((r) => r.passed)) return; // the pre-stage gate refuses it with the details
  const subject = { name: repositoryName(requireImage(config)), digest };
  const statement = buildTestResultStatement(subject, results, await buildContext(config, ctx));
  await ctx.log.group("Attest test results", () => signAndAttach(config, ctx, digest, statement));
}

/** `reject`: throw away the release staged with `promotion: manual`; live is untouched. */
export async function reject(config: Config, ctx: RunContext): Promise<CommandResult> {
  const engine = engineOptions(config, ctx);
  const staged = await readStatus(engine);
  const preview = staged.state.preview !== staged.state.live ? staged.state.preview : undefined;
  const release = preview ? (staged.state.colors[preview]?.release ?? "") : "";
  const reason = config.deploy.reason ?? "rejected";
  return mirrored(
    config,
    ctx,
    { digest: staged.previewDigest ?? "", release, description: `reject: ${reason}` },
    () => rejectColor({ ...engine, reason }),
  );
}
