import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  mirrored
} from "./chunk-5RSOG4IS.mjs";
import {
  deploy,
  promote,
  reject,
  stagedColor,
  status
} from "./chunk-S2M4KTOC.mjs";
import {
  newReleaseId
} from "./chunk-XLE7A3M2.mjs";
import {
  buildContext,
  signAndAttach
} from "./chunk-H4C6TIO4.mjs";
import {
  requireDigest,
  switchVerifier,
  verifyBeforeDeploy
} from "./chunk-W4BKVXFS.mjs";
import {
  buildTestResultStatement
} from "./chunk-SXO6MQQC.mjs";
import {
  engineOptions,
  ledger,
  preStageGates,
  testResults
} from "./chunk-YCL6GRKU.mjs";
import {
  requireImage
} from "./chunk-ZYHOEQV2.mjs";
import {
  pinned,
  repositoryName
} from "./chunk-LXHANSJM.mjs";
import {
  describeError
} from "./chunk-XAPMUR2Q.mjs";

// src/commands/summary-history.ts
async function withSummaryHistory(config, ctx, result) {
  const count = config.insight.summaryHistory;
  if (!count) return result;
  const report = { ...result.report };
  try {
    const [{ recentRecordsMarkdown }, { labelledChangelog }] = await Promise.all([
      import("./chunk-ICQRW4TD.mjs"),
      import("./chunk-7LQZFIV3.mjs")
    ]);
    const store = ledger(config, ctx, count);
    const { records, truncated } = await store.walk();
    const markdown = recentRecordsMarkdown({
      app: config.deploy.app,
      environment: config.deploy.environment,
      ledger: store.location,
      entries: await labelledChangelog(config, ctx, records),
      recordsRead: records.length,
      truncated,
      filter: ""
    });
    report.markdown = [report.markdown?.trimEnd(), markdown].filter(Boolean).join("\n\n");
  } catch (error) {
    report.notes = [
      ...report.notes ?? [],
      `summary-history: the ledger could not be read: ${describeError(error)}`
    ];
  }
  return { ...result, report };
}

// src/commands/test-result-attestation.ts
async function verifyAndSignTestResults(config, ctx, digest) {
  if (!signsTestResults(config)) return verifyBeforeDeploy(config, ctx, digest);
  const provenanceOnly = { ...config, policy: { ...config.policy, requireTestResults: false } };
  const provenance = await verifyBeforeDeploy(provenanceOnly, ctx, digest);
  await signTestResults(config, ctx, digest);
  if (!config.policy.enabled || !config.policy.requireTestResults) return provenance;
  return verifyBeforeDeploy(config, ctx, digest);
}
function signsTestResults(config) {
  return config.deploy.testResults.length > 0 && config.signing.mode !== "none";
}
async function signTestResults(config, ctx, digest) {
  const results = [await testResults(config)];
  if (!results.every((r) => r.passed)) return;
  const subject = { name: repositoryName(requireImage(config)), digest };
  const statement = buildTestResultStatement(subject, results, await buildContext(config, ctx));
  await ctx.log.group("Attest test results", () => signAndAttach(config, ctx, digest, statement));
}

// src/commands/deploy.ts
async function deploy2(config, ctx) {
  return deployPinned(config, ctx, requireDigest(config));
}
async function deployPinned(config, ctx, digest) {
  const image = pinned(requireImage(config), digest);
  const engine = engineOptions(config, ctx);
  const gates = preStageGates(config);
  const verification = await verifyAndSignTestResults(config, ctx, digest);
  const release = newReleaseId(ctx.now(), digest);
  const result = await mirrored(
    config,
    ctx,
    { digest, release, description: `deploy ${image}`, verification },
    () => deploy({
      ...engine,
      image,
      release,
      preStageGates: gates,
      promotion: config.deploy.promotion,
      ...verification ? { verification: { verified: true, detail: verification } } : {}
    })
  );
  return withSummaryHistory(config, ctx, result);
}
async function promote2(config, ctx) {
  const facts = { digest: "", release: "", description: "promote" };
  const engine = { ...engineOptions(config, ctx), verify: switchVerifier(config, ctx, facts) };
  const { state } = await status(engine);
  const staged = state.colors[stagedColor(state)];
  facts.digest = staged?.digest ?? "";
  facts.release = staged?.release ?? "";
  return mirrored(config, ctx, facts, () => promote(engine));
}
async function reject2(config, ctx) {
  const engine = engineOptions(config, ctx);
  const staged = await status(engine);
  const preview = staged.state.preview !== staged.state.live ? staged.state.preview : void 0;
  const release = preview ? staged.state.colors[preview]?.release ?? "" : "";
  const reason = config.deploy.reason ?? "rejected";
  return mirrored(
    config,
    ctx,
    { digest: staged.previewDigest ?? "", release, description: `reject: ${reason}` },
    () => reject({ ...engine, reason })
  );
}

export {
  deploy2 as deploy,
  deployPinned,
  promote2 as promote,
  reject2 as reject
};
//# sourceMappingURL=chunk-MOMEARJ5.mjs.map
