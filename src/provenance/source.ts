import { githubServerUrl } from "../context";
import { GreenlightError } from "../errors";

/** Where a build ran, as the provenance statement records it. */
export type ProvenanceSource = GitHubProvenanceSource | LocalProvenanceSource;

/** A GitHub Actions workflow run (values of the GITHUB_* variables or the OIDC token claims). */
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

const REQUIRED = [
  "GITHUB_REPOSITORY",
  "GITHUB_REF",
  "GITHUB_SHA",
  "GITHUB_WORKFLOW_REF",
  "GITHUB_EVENT_NAME",
  "GITHUB_REPOSITORY_ID",
  "GITHUB_REPOSITORY_OWNER_ID",
  "GITHUB_RUN_ID",
] as const;

/**
 * Builds the context from the variables GitHub sets in every job. `jobWorkflowRef` is the OIDC
 * token's `job_workflow_ref` claim: pass it when the step runs inside a reusable workflow, since no
 * environment variable carries it.
 */
export function sourceFromGitHubEnv(
  env: Record<string, string | undefined>,
  overrides: { jobWorkflowRef?: string } = {},
): GitHubProvenanceSource {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new GreenlightError(`GitHub Actions variables missing: ${missing.join(", ")}`, {
      hint: "run inside a GitHub Actions job, or use the CLI, which reads the local git repository",
    });
  }
  const value = (name: (typeof REQUIRED)[number]): string => env[name] ?? "";
  const serverUrl = githubServerUrl(env);
  const repository = value("GITHUB_REPOSITORY");
  return {
    kind: "github",
    serverUrl,
    repository,
    repositoryUrl: `${serverUrl}/${repository}`,
    ref: value("GITHUB_REF"),
    sha: value("GITHUB_SHA"),
    workflowRef: value("GITHUB_WORKFLOW_REF"),
    jobWorkflowRef: overrides.jobWorkflowRef || value("GITHUB_WORKFLOW_REF"),
    eventName: value("GITHUB_EVENT_NAME"),
    repositoryId: value("GITHUB_REPOSITORY_ID"),
    repositoryOwnerId: value("GITHUB_REPOSITORY_OWNER_ID"),
    runnerEnvironment: env.RUNNER_ENVIRONMENT || "github-hosted",
    runId: value("GITHUB_RUN_ID"),
    runAttempt: env.GITHUB_RUN_ATTEMPT || "1",
  };
}
