import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  RegistryError
} from "./chunk-3XIWZO76.mjs";
import {
  BUNDLE_V03_MEDIA_TYPE
} from "./chunk-65AIQVL5.mjs";
import {
  EMPTY_CONFIG,
  EMPTY_CONFIG_BYTES,
  OCI_EMPTY,
  OCI_INDEX,
  OCI_MANIFEST,
  sha256Digest
} from "./chunk-FAICATJQ.mjs";
import {
  parseDigest
} from "./chunk-UEFSGM5H.mjs";
import {
  GreenlightError
} from "./chunk-XAPMUR2Q.mjs";

// src/registry/referrers.ts
function referrersTag(digest) {
  return digest.replace(":", "-").slice(0, 128);
}
function artifactManifest(subject, artifactType, layer, annotations) {
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType,
    config: EMPTY_CONFIG,
    layers: [layer],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    ...Object.keys(annotations).length > 0 ? { annotations } : {}
  };
  return Buffer.from(JSON.stringify(manifest));
}
function withReferrer(index, referrer) {
  const others = (index?.manifests ?? []).filter((d) => d.digest !== referrer.digest);
  return { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [...others, referrer] };
}
async function attachReferrer(client, repo, subject, artifact) {
  await client.pushBlob(repo, EMPTY_CONFIG_BYTES, OCI_EMPTY);
  const layer = await client.pushBlob(repo, artifact.blob, artifact.blobMediaType);
  const bytes = artifactManifest(subject, artifact.artifactType, layer, artifact.annotations);
  const digest = sha256Digest(bytes);
  const put = await client.putManifest(repo, digest, bytes, OCI_MANIFEST);
  if (put.subject) return { digest, mode: "referrers-api" };
  const descriptor = {
    mediaType: OCI_MANIFEST,
    digest,
    size: bytes.length,
    artifactType: artifact.artifactType,
    ...Object.keys(artifact.annotations).length > 0 ? { annotations: artifact.annotations } : {}
  };
  const tag = referrersTag(subject.digest);
  const index = withReferrer(await readTagIndex(client, repo, tag), descriptor);
  await client.putManifest(repo, tag, Buffer.from(JSON.stringify(index)), OCI_INDEX);
  return { digest, mode: "tag-schema" };
}
async function listReferrers(client, repo, digest, artifactType) {
  const keep = (list) => artifactType ? list.filter((d) => d.artifactType === artifactType) : list;
  const api = await client.getReferrers(repo, digest, artifactType);
  if (api) return { mode: "referrers-api", referrers: keep(api.index.manifests) };
  const index = await readTagIndex(client, repo, referrersTag(digest));
  return { mode: "tag-schema", referrers: keep(index?.manifests ?? []) };
}
async function readTagIndex(client, repo, tag) {
  let fetched;
  try {
    fetched = await client.getManifest(repo, tag, [OCI_INDEX]);
  } catch (error) {
    if (error instanceof RegistryError && error.status === 404) return void 0;
    throw error;
  }
  if (fetched.mediaType !== OCI_INDEX) return void 0;
  try {
    return JSON.parse(fetched.bytes.toString("utf8"));
  } catch (error) {
    throw new GreenlightError(
      `registry ${client.registry}: GET /v2/${repo}/manifests/${tag} answered a referrers index that is not JSON`,
      {
        hint: `inspect it (crane manifest ${client.registry}/${repo}:${tag}); delete the tag if it is garbage`,
        cause: error
      }
    );
  }
}

// src/provenance/attach.ts
var ANNOTATION_CONTENT = "dev.sigstore.bundle.content";
var ANNOTATION_PREDICATE_TYPE = "dev.sigstore.bundle.predicateType";
var ANNOTATION_CREATED = "org.opencontainers.image.created";
async function attachAttestation(client, repo, subjectDigest, bundleJson, predicateType, created = /* @__PURE__ */ new Date()) {
  const subject = await client.manifestDescriptor(repo, subjectDigest);
  if (!subject) {
    throw new GreenlightError(`registry ${client.registry}: ${repo}@${subjectDigest} does not exist`, {
      hint: "push the image before attesting it; attestations refer to the image's manifest digest"
    });
  }
  const blob = Buffer.from(typeof bundleJson === "string" ? bundleJson : JSON.stringify(bundleJson), "utf8");
  return attachReferrer(client, repo, subject, {
    artifactType: BUNDLE_V03_MEDIA_TYPE,
    blob,
    blobMediaType: BUNDLE_V03_MEDIA_TYPE,
    annotations: {
      [ANNOTATION_CONTENT]: "dsse-envelope",
      [ANNOTATION_PREDICATE_TYPE]: predicateType,
      [ANNOTATION_CREATED]: created.toISOString().replace(/\.\d{3}Z$/, "Z")
    }
  });
}
async function fetchAttestations(client, repo, digest) {
  const { mode, referrers } = await listReferrers(client, repo, digest, BUNDLE_V03_MEDIA_TYPE);
  const attestations = [];
  for (const referrer of referrers) {
    const manifest = await readReferrerManifest(client, repo, referrer.digest);
    if (typeof manifest === "string") {
      attestations.push({ source: referrer.digest, problem: manifest });
      continue;
    }
    const layer = manifest.layers?.find((l) => l?.mediaType === BUNDLE_V03_MEDIA_TYPE);
    if (!layer) continue;
    const predicateType = manifest.annotations?.[ANNOTATION_PREDICATE_TYPE] ?? referrer.annotations?.[ANNOTATION_PREDICATE_TYPE];
    const found = { source: referrer.digest, ...predicateType ? { predicateType } : {} };
    if (!DIGEST.test(String(layer.digest))) {
      attestations.push({ ...found, problem: `${referrer.digest}: the bundle layer has no sha256 digest` });
      continue;
    }
    try {
      const bundle = JSON.parse(
        (await client.getBlob(repo, layer.digest)).toString("utf8")
      );
      attestations.push({ ...found, bundle });
    } catch (error) {
      const problem = unreadable(error, client, "bundle layer");
      if (!problem) throw error;
      attestations.push({ ...found, problem: `${referrer.digest}: ${problem}` });
    }
  }
  return { mode, attestations };
}
async function readReferrerManifest(client, repo, digest) {
  if (!DIGEST.test(digest)) return `${digest}: the referrers list names no sha256 digest`;
  try {
    const manifest = JSON.parse((await client.getManifest(repo, digest)).bytes.toString("utf8"));
    if (typeof manifest === "object" && manifest !== null && !Array.isArray(manifest)) {
      const layers = manifest.layers;
      if (layers === void 0 || Array.isArray(layers)) return manifest;
    }
    return `${digest}: the referrer manifest is not an OCI manifest`;
  } catch (error) {
    const problem = unreadable(error, client, "referrer manifest");
    if (!problem) throw error;
    return `${digest}: ${problem}`;
  }
}
var DIGEST = /^sha256:[0-9a-f]{64}$/;
function unreadable(error, client, what) {
  if (error instanceof SyntaxError) return `the ${what} is not JSON`;
  if (error instanceof RegistryError && error.status === 404) {
    return `the ${what} cannot be read (${client.registry} answers 404)`;
  }
  return void 0;
}

// src/provenance/statement.ts
var STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
var SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1";
var TEST_RESULT_V01 = "https://in-toto.io/attestation/test-result/v0.1";
var GITHUB_WORKFLOW_BUILD_TYPE = "https://actions.github.io/buildtypes/workflow/v1";
var LOCAL_GIT_BUILD_TYPE = "https://greenlight.dev/buildtypes/local-git/v1";
function statementSubject(subject) {
  const hex = parseDigest(subject.digest, "subject digest").slice("sha256:".length);
  return [{ name: subject.name, digest: { sha256: hex } }];
}
function sourceUri(source) {
  return `git+${source.repositoryUrl}@${source.ref}`;
}
function buildProvenance(subject, source) {
  const dependency = { uri: sourceUri(source), digest: { gitCommit: source.sha } };
  if (source.kind === "github") {
    const [path, ...refParts] = source.workflowRef.replace(`${source.repository}/`, "").split("@");
    return {
      _type: STATEMENT_TYPE,
      subject: statementSubject(subject),
      predicateType: SLSA_PROVENANCE_V1,
      predicate: {
        buildDefinition: {
          buildType: GITHUB_WORKFLOW_BUILD_TYPE,
          externalParameters: {
            workflow: { ref: refParts.join("@"), repository: source.repositoryUrl, path: path ?? "" }
          },
          internalParameters: {
            github: {
              event_name: source.eventName,
              repository_id: source.repositoryId,
              repository_owner_id: source.repositoryOwnerId,
              runner_environment: source.runnerEnvironment
            }
          },
          resolvedDependencies: [dependency]
        },
        runDetails: {
          builder: { id: `${source.serverUrl}/${source.jobWorkflowRef}` },
          metadata: { invocationId: runUrl(source) }
        }
      }
    };
  }
  return {
    _type: STATEMENT_TYPE,
    subject: statementSubject(subject),
    predicateType: SLSA_PROVENANCE_V1,
    predicate: {
      buildDefinition: {
        buildType: LOCAL_GIT_BUILD_TYPE,
        externalParameters: { source: { repository: source.repositoryUrl, ref: source.ref } },
        internalParameters: { git: { dirty: source.dirty } },
        resolvedDependencies: [dependency]
      },
      runDetails: { builder: { id: source.builderId } }
    }
  };
}
function runUrl(source) {
  return `${source.serverUrl}/${source.repository}/actions/runs/${source.runId}/attempts/${source.runAttempt}`;
}
function buildTestResultStatement(subject, results, source) {
  const passedTests = results.filter((r) => r.passed).map((r) => r.name);
  const failedTests = results.filter((r) => !r.passed).map((r) => r.name);
  const configuration = source.kind === "github" ? [
    {
      name: source.workflowRef.replace(`${source.repository}/`, "").split("@")[0] ?? "",
      ...configSource(source)
    }
  ] : [{ name: "greenlight gates", ...configSource(source) }];
  return {
    _type: STATEMENT_TYPE,
    subject: statementSubject(subject),
    predicateType: TEST_RESULT_V01,
    predicate: {
      result: results.length > 0 && failedTests.length === 0 ? "PASSED" : "FAILED",
      configuration,
      ...source.kind === "github" ? { url: runUrl(source) } : {},
      passedTests,
      warnedTests: [],
      failedTests
    }
  };
}
function configSource(source) {
  return { uri: sourceUri(source), digest: { gitCommit: source.sha } };
}

export {
  attachAttestation,
  fetchAttestations,
  STATEMENT_TYPE,
  SLSA_PROVENANCE_V1,
  TEST_RESULT_V01,
  buildProvenance,
  buildTestResultStatement
};
//# sourceMappingURL=chunk-ARYB7FQK.mjs.map
