import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  DOCKER_MANIFEST,
  OCI_MANIFEST
} from "./chunk-FAICATJQ.mjs";
import {
  parseReference
} from "./chunk-UEFSGM5H.mjs";

// src/ledger/changelog.ts
function changelog(records, labels, filter = {}) {
  const entries = records.map((record, index) => entryOf(record, records.slice(0, index), labels));
  return entries.filter((e) => matches(e, filter)).reverse();
}
function matches(entry, filter) {
  const time = Date.parse(entry.time);
  if (filter.since && !(time >= filter.since.getTime())) return false;
  if (filter.until && !(time <= filter.until.getTime())) return false;
  return !filter.outcomes?.length || filter.outcomes.includes(entry.outcome);
}
function entryOf(record, earlier, labels) {
  const recorded = record.previousDigest !== record.digest ? record.previousDigest : void 0;
  const previousDigest = recorded ?? earlier.findLast((r) => r.digest !== record.digest)?.digest;
  const own = labels.get(record.digest) ?? {};
  const before = previousDigest ? labels.get(previousDigest) : void 0;
  const timeline = record.timeline ?? [];
  return {
    release: record.release,
    action: record.action,
    outcome: record.outcome,
    image: record.digest ? `${record.repository}@${record.digest}` : record.repository,
    digest: record.digest,
    color: record.color,
    labels: own,
    previousDigest,
    compareUrl: compareUrl(before, own),
    actor: record.actor,
    time: record.time,
    runUrl: record.runUrl,
    reason: record.reason,
    verification: record.verification,
    gates: record.gates.map((g) => ({
      name: g.name,
      kind: g.kind,
      passed: g.passed,
      detail: g.detail,
      ...g.tests ? { tests: g.tests } : {}
    })),
    timeline,
    durationMs: record.timeline ? timeline.reduce((sum, s) => sum + s.durationMs, 0) : void 0
  };
}
function compareUrl(before, after) {
  const repo = githubRepository(after.source);
  if (!repo || !before?.revision || !after.revision || before.revision === after.revision) return void 0;
  const beforeRepo = githubRepository(before.source);
  if (beforeRepo && beforeRepo !== repo) return void 0;
  if (!/^[0-9a-f]{7,64}$/i.test(before.revision) || !/^[0-9a-f]{7,64}$/i.test(after.revision))
    return void 0;
  return `https://github.com/${repo}/compare/${before.revision}...${after.revision}`;
}
function githubRepository(source) {
  if (!source) return void 0;
  const match = /^(?:git\+)?(?:https?:\/\/|ssh:\/\/git@|git@)github\.com[/:]([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(
    source.trim()
  );
  return match ? `${match[1]}/${match[2]}` : void 0;
}

// src/ledger/image-labels.ts
var OCI = "org.opencontainers.image";
var MAX_CONFIG_BYTES = 1e6;
async function readImageLabels(client, images) {
  const labels = /* @__PURE__ */ new Map();
  for (const { repository, digest } of images) {
    if (labels.has(digest)) continue;
    labels.set(digest, await labelsOf(client, repository, digest).catch(() => ({})));
  }
  return labels;
}
async function labelsOf(client, repository, digest) {
  const ref = parseReference(repository, "ledger repository");
  const registry = client(ref.registry);
  let manifest = json(await registry.getManifest(ref.repository, digest));
  const platform = manifest.manifests?.find((m) => m.platform?.os !== "unknown");
  if (platform)
    manifest = json(
      await registry.getManifest(ref.repository, platform.digest, [OCI_MANIFEST, DOCKER_MANIFEST])
    );
  const config = manifest.config?.digest;
  if (!config) return {};
  const blob = await registry.getBlob(ref.repository, config, MAX_CONFIG_BYTES);
  const found = JSON.parse(blob.toString("utf8")).config?.Labels;
  return pick(found ?? {});
}
function pick(found) {
  const out = {};
  for (const key of ["version", "revision", "source"]) {
    const value = found[`${OCI}.${key}`];
    if (value) out[key] = value;
  }
  return out;
}
function json(fetched) {
  return JSON.parse(fetched.bytes.toString("utf8"));
}

// src/commands/labelled-changelog.ts
async function labelledChangelog(s, records, filter = {}) {
  const shown = changelog(records, /* @__PURE__ */ new Map(), filter);
  const wanted = new Set(shown.flatMap((e) => [e.digest, e.previousDigest ?? ""]));
  const images = records.filter((r) => wanted.has(r.digest));
  const labels = await readImageLabels((registry) => s.registryClient(registry), images);
  return changelog(records, labels, filter);
}

export {
  labelledChangelog
};
//# sourceMappingURL=chunk-W2K735KW.mjs.map
