import type { GateResult } from "../gate/result";
import { parseDigest } from "../image/reference";
import type { ProvenanceSource } from "./source";

export const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
export const SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1";
export const TEST_RESULT_V01 = "https://in-toto.io/attestation/test-result/v0.1";
/** GitHub's own buildType for a workflow run (what actions/attest-build-provenance writes). */
export const GITHUB_WORKFLOW_BUILD_TYPE = "https://actions.github.io/buildtypes/workflow/v1";
/** greenlight's buildType for a build from a local git checkout (the CLI outside Actions). */
export const LOCAL_GIT_BUILD_TYPE = "https://greenlight.dev/buildtypes/local-git/v1";

/** The image an attestation is about: repository name (no tag) and manifest digest. */
export interface Subject {
  name: string;
  /** `sha256:<hex>` */
  digest: string;
}

/** An in-toto Statement v1. */
export interface Statement<P = Record<string, unknown>> {
  _type: typeof STATEMENT_TYPE;
  subject: { name: string; digest: Record<string, string> }[];
  predicateType: string;
  predicate: P;
}

export interface ResourceDescriptor {
  uri?: string;
  name?: string;
  downloadLocation?: string;
  digest?: Record<string, string>;
}

/** SLSA provenance v1 predicate. */
export interface ProvenancePredicate {
  buildDefinition: {
    buildType: string;
    externalParameters: Record<string, unknown>;
    internalParameters?: Record<string, unknown>;
    resolvedDependencies: ResourceDescriptor[];
  };
  runDetails: {
    builder: { id: string };
    metadata?: { invocationId?: string };
  };
}

/** in-toto test-result v0.1 predicate. */
export interface TestResultPredicate {
  result: "PASSED" | "WARNED" | "FAILED";
  configuration: ResourceDescriptor[];
  url?: string;
  passedTests: string[];
  warnedTests: string[];
  failedTests: string[];
}

function statementSubject(subject: Subject): Statement["subject"] {
  const hex = parseDigest(subject.digest, "subject digest").slice("sha256:".length);
  return [{ name: subject.name, digest: { sha256: hex } }];
}

/** `git+<repository>@<ref>` as in GitHub's resolvedDependencies. */
export function sourceUri(source: ProvenanceSource): string {
  return `git+${source.repositoryUrl}@${source.ref}`;
}

/** The SLSA v1 provenance statement for an image, field for field as GitHub builds it in Actions. */
export function buildProvenance(subject: Subject, source: ProvenanceSource): Statement<ProvenancePredicate> {
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
            workflow: { ref: refParts.join("@"), repository: source.repositoryUrl, path: path ?? "" },
          },
          internalParameters: {
            github: {
              event_name: source.eventName,
              repository_id: source.repositoryId,
              repository_owner_id: source.repositoryOwnerId,
              runner_environment: source.runnerEnvironment,
            },
          },
          resolvedDependencies: [dependency],
        },
        runDetails: {
          builder: { id: `${source.serverUrl}/${source.jobWorkflowRef}` },
          metadata: { invocationId: runUrl(source) },
        },
      },
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
        resolvedDependencies: [dependency],
      },
      runDetails: { builder: { id: source.builderId } },
    },
  };
}

function runUrl(source: Extract<ProvenanceSource, { kind: "github" }>): string {
  return `${source.serverUrl}/${source.repository}/actions/runs/${source.runId}/attempts/${source.runAttempt}`;
}

/** A test-result v0.1 statement for the gates that ran against an image. */
export function buildTestResultStatement(
  subject: Subject,
  results: readonly GateResult[],
  source: ProvenanceSource,
): Statement<TestResultPredicate> {
  const passedTests = results.filter((r) => r.passed).map((r) => r.name);
  const failedTests = results.filter((r) => !r.passed).map((r) => r.name);
  const configuration: ResourceDescriptor[] =
    source.kind === "github"
      ? [
          {
            name: source.workflowRef.replace(`${source.repository}/`, "").split("@")[0] ?? "",
            ...configSource(source),
          },
        ]
      : [{ name: "greenlight gates", ...configSource(source) }];
  return {
    _type: STATEMENT_TYPE,
    subject: statementSubject(subject),
    predicateType: TEST_RESULT_V01,
    predicate: {
      result: results.length > 0 && failedTests.length === 0 ? "PASSED" : "FAILED",
      configuration,
      ...(source.kind === "github" ? { url: runUrl(source) } : {}),
      passedTests,
      warnedTests: [],
      failedTests,
    },
  };
}

function configSource(source: ProvenanceSource): ResourceDescriptor {
  return { uri: sourceUri(source), digest: { gitCommit: source.sha } };
}
