import { GreenlightError } from "../errors";
import type { GitHubRun } from "../github/run";

/** Where a build ran, as the provenance statement records it. */
export type ProvenanceSource = GitHubProvenanceSource | LocalProvenanceSource;

/** A GitHub Actions workflow run (its GitHubRun facts, or the OIDC token claims). */
export interface GitHubProvenanceSource {
  kind: "github";
  /** `https://github.com` or a GHES URL. */
  serverUrl: string;
  /** `owner/repo` */
  repository: string;
  /** `<serverUrl>/<repository>` */
  repositoryUrl: string;
  /** `refs/heads/main`, `refs/tags/v1`, `refs/pull/7/merge` */
  ref: string;
  sha: string;
  /** `owner/repo/.github/workflows/x.yml@<ref>`: the top-level workflow. */
  workflowRef: string;
  /** The workflow whose job runs this step; differs from workflowRef inside a reusable workflow. */
  jobWorkflowRef: string;
  eventName: string;
  repositoryId: string;
  repositoryOwnerId: string;
  runnerEnvironment: string;
  runId: string;
  runAttempt: string;
}

/** A build from a local git checkout (the CLI outside Actions). */
export interface LocalProvenanceSource {
  kind: "local";
  /** Remote URL normalised to https, or `file://<dir>` when there is no remote. */
  repositoryUrl: string;
  /** `refs/heads/<branch>`, `refs/tags/<tag>`, or `HEAD` when detached. */
  ref: string;
  sha: string;
  /** Uncommitted changes were present: the image may not match the commit. */
  dirty: boolean;
  builderId: string;
}

/** The run's facts the statement needs, with the variable each comes from (named when missing). */
const REQUIRED = {
  repository: "GITHUB_REPOSITORY",
  ref: "GITHUB_REF",
  sha: "GITHUB_SHA",
  workflowRef: "GITHUB_WORKFLOW_REF",
  eventName: "GITHUB_EVENT_NAME",
  repositoryId: "GITHUB_REPOSITORY_ID",
  repositoryOwnerId: "GITHUB_REPOSITORY_OWNER_ID",
  runId: "GITHUB_RUN_ID",
} as const satisfies Partial<Record<keyof GitHubRun, string>>;

/**
 * The provenance source of a workflow run. `jobWorkflowRef` is the OIDC token's `job_workflow_ref`
 * claim: pass it when the step runs inside a reusable workflow, since no environment variable
 * carries it.
 */
export function sourceFromGitHubRun(
  run: GitHubRun,
  overrides: { jobWorkflowRef?: string } = {},
): GitHubProvenanceSource {
  const missing = Object.entries(REQUIRED)
    .filter(([field]) => !run[field as keyof typeof REQUIRED])
    .map(([, variable]) => variable);
  if (missing.length > 0) {
    throw new GreenlightError(`GitHub Actions variables missing: ${missing.join(", ")}`, {
      hint: "run inside a GitHub Actions job, or use the CLI, which reads the local git repository",
    });
  }
  return {
    kind: "github",
    serverUrl: run.serverUrl,
    repository: run.repository,
    repositoryUrl: `${run.serverUrl}/${run.repository}`,
    ref: run.ref,
    sha: run.sha,
    workflowRef: run.workflowRef,
    jobWorkflowRef: overrides.jobWorkflowRef || run.workflowRef,
    eventName: run.eventName,
    repositoryId: run.repositoryId,
    repositoryOwnerId: run.repositoryOwnerId,
    runnerEnvironment: run.runnerEnvironment,
    runId: run.runId,
    runAttempt: run.runAttempt,
  };
}
