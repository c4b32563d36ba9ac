import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  pickRollbackTarget
} from "./chunk-AQ7GFJKS.mjs";
import {
  isDigest,
  parseReference,
  repositoryName
} from "./chunk-UEFSGM5H.mjs";
import {
  GreenlightError
} from "./chunk-XAPMUR2Q.mjs";

// src/ledger/record-check.ts
function recordedImage(record, image) {
  const which = `ledger record ${String(record.release)}`;
  const digest = record.digest;
  if (typeof digest !== "string" || !isDigest(digest)) {
    throw new GreenlightError(`${which}: digest '${String(digest)}' is not a digest`, {
      hint: "ledger records are not signed: pass 'to' as the sha256:<hex> digest you mean"
    });
  }
  const configured = repositoryName(image);
  const named = recordRepository(record.repository);
  if (!named) {
    throw new GreenlightError(`${which}: repository '${String(record.repository)}' is not a repository`, {
      hint: `ledger records are not signed: roll back with to: ${digest}, pulled from ${configured}`
    });
  }
  if (named !== configured) {
    throw new GreenlightError(
      `${which} names repository ${named}, not the configured image repository ${configured}: refusing to pull from it`,
      {
        hint: `ledger records are not signed; to roll back to this digest from ${configured}, pass to: ${digest}`
      }
    );
  }
  return { registry: image.registry, repository: image.repository, digest };
}
function recordRepository(value) {
  if (typeof value !== "string") return void 0;
  try {
    const ref = parseReference(value, "ledger record repository");
    return ref.tag || ref.digest ? void 0 : repositoryName(ref);
  } catch {
    return void 0;
  }
}

// src/commands/rollback-target.ts
async function rollbackTarget(config, image, engine, warmDigest) {
  const to = config.deploy.to;
  if (!to && warmDigest) return { digest: warmDigest, warm: true };
  if (to?.startsWith("sha256:")) return { digest: to, warm: false };
  const history = await engine.ledger.history();
  const record = to ? history.findLast((r) => r.release === to) : pickRollbackTarget(history);
  if (!record) {
    throw new GreenlightError(
      to ? `rollback: '${to}' is neither a digest nor a release in the ledger of ${config.deploy.environment}` : `rollback: no warm previous color and no earlier healthy release in the ledger of ${config.deploy.environment}`,
      { hint: "pass 'to' as sha256:<hex> or a release id that 'greenlight status' lists" }
    );
  }
  return { digest: recordedImage(record, image).digest, warm: false };
}

export {
  rollbackTarget
};
//# sourceMappingURL=chunk-DLSMSEAT.mjs.map
