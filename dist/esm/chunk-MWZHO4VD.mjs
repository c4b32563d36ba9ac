import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  mirrored
} from "./chunk-U4JEVG2H.mjs";
import {
  verifyBeforeDeploy
} from "./chunk-Q6CHKWDP.mjs";
import {
  deploy
} from "./chunk-QMUCPTAA.mjs";
import {
  newReleaseId
} from "./chunk-AQ7GFJKS.mjs";
import {
  signAndAttach
} from "./chunk-R2A6XMDS.mjs";
import {
  buildTestResultStatement
} from "./chunk-ARYB7FQK.mjs";
import {
  pinned,
  repositoryName
} from "./chunk-UEFSGM5H.mjs";
import {
  describeError
} from "./chunk-XAPMUR2Q.mjs";

// src/commands/summary-history.ts
async function withSummaryHistory(s, result) {
  const { config } = s;
  const count = config.insight.summaryHistory;
  if (!count) return result;
  const report = { ...result.report };
  try {
    const [{ recentRecordsMarkdown }, { labelledChangelog }] = await Promise.all([
      import("./chunk-ICQRW4TD.mjs"),
      import("./chunk-AEBNQ5YC.mjs")
    ]);
    const store = s.ledger(count);
    const { records, truncated } = await store.walk();
    const markdown = recentRecordsMarkdown({
      app: config.deploy.app,
      environment: config.deploy.environment,
      ledger: store.location,
      entries: await labelledChangelog(s, records),
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
async function verifyAndSignTestResults(s, digest) {
  const { config } = s;
  if (!signsTestResults(config)) return verifyBeforeDeploy(s, digest);
  const provenanceOnly = { ...config, policy: { ...config.policy, requireTestResults: false } };
  const provenance = await verifyBeforeDeploy(s, digest, provenanceOnly);
  await signTestResults(s, digest);
  if (!config.policy.enabled || !config.policy.requireTestResults) return provenance;
  return verifyBeforeDeploy(s, digest);
}
function signsTestResults(config) {
  return config.deploy.testResults.length > 0 && config.signing.mode !== "none";
}
async function signTestResults(s, digest) {
  const results = [await s.testResults()];
  if (!results.every((r) => r.passed)) return;
  const subject = { name: repositoryName(s.image()), digest };
  const statement = buildTestResultStatement(subject, results, await s.provenanceSource());
  await s.ctx.log.group("Attest test results", () => signAndAttach(s, digest, statement));
}

// src/commands/deploy-digest.ts
async function deployPinned(s, digest) {
  const { config, ctx } = s;
  const image = pinned(s.image(), digest);
  const engine = await s.engine();
  const gates = s.preStageGates();
  const verification = await verifyAndSignTestResults(s, digest);
  const release = newReleaseId(ctx.now(), digest);
  const result = await mirrored(
    s,
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
  return withSummaryHistory(s, result);
}

export {
  deployPinned
};
//# sourceMappingURL=chunk-MWZHO4VD.mjs.map
