import { type GitHubRun, readGitHubRun } from "../../src/github/run";
import { type GitHubProvenanceSource, sourceFromGitHubRun } from "../../src/provenance/source";

/** GitHub Actions environments as a job sees them, for the events greenlight records in provenance. */
const BASE = {
  GITHUB_SERVER_URL: "https://github.com",
  GITHUB_REPOSITORY: "octo-org/shop",
  GITHUB_REPOSITORY_ID: "712345678",
  GITHUB_REPOSITORY_OWNER_ID: "98765432",
  GITHUB_RUN_ID: "9876543210",
  GITHUB_RUN_ATTEMPT: "2",
  RUNNER_ENVIRONMENT: "github-hosted",
  GITHUB_SHA: "3f786850e387550fdab836ed7e6dc881de23001b",
};

export const GITHUB_ENVS = {
  push: {
    ...BASE,
    GITHUB_EVENT_NAME: "push",
    GITHUB_REF: "refs/heads/main",
    GITHUB_WORKFLOW_REF: "octo-org/shop/.github/workflows/release.yml@refs/heads/main",
  },
  tag: {
    ...BASE,
    GITHUB_EVENT_NAME: "push",
    GITHUB_REF: "refs/tags/v1.4.0",
    GITHUB_WORKFLOW_REF: "octo-org/shop/.github/workflows/release.yml@refs/tags/v1.4.0",
  },
  pull_request: {
    ...BASE,
    GITHUB_EVENT_NAME: "pull_request",
    GITHUB_REF: "refs/pull/42/merge",
    GITHUB_SHA: "89e6c98d92887913cadf06b2adb97f26cde4849b",
    GITHUB_WORKFLOW_REF: "octo-org/shop/.github/workflows/ci.yml@refs/pull/42/merge",
    RUNNER_ENVIRONMENT: "self-hosted",
  },
  workflow_dispatch: {
    ...BASE,
    GITHUB_EVENT_NAME: "workflow_dispatch",
    GITHUB_REF: "refs/heads/release/2.x",
    GITHUB_WORKFLOW_REF: "octo-org/shop/.github/workflows/deploy.yml@refs/heads/release/2.x",
  },
  /** The caller's variables; the reusable workflow's identity comes from the OIDC `job_workflow_ref` claim. */
  reusable: {
    ...BASE,
    GITHUB_EVENT_NAME: "push",
    GITHUB_REF: "refs/tags/v2.0.0",
    GITHUB_WORKFLOW_REF: "octo-org/shop/.github/workflows/release.yml@refs/tags/v2.0.0",
  },
} satisfies Record<string, Record<string, string>>;

export const REUSABLE_JOB_WORKFLOW_REF =
  "octo-org/platform/.github/workflows/greenlight-deploy.yml@refs/tags/v3";

/** A digest that is easy to recognise in failures. */
export const IMAGE_DIGEST = `sha256:${"ab".repeat(32)}`;
export const OTHER_DIGEST = `sha256:${"cd".repeat(32)}`;

/** The GitHubRun a job with these variables has (as the front-ends read it: GITHUB_ACTIONS is true). */
export function githubRun(env: Record<string, string | undefined>): GitHubRun {
  return readGitHubRun({ GITHUB_ACTIONS: "true", ...env }) as GitHubRun;
}

/** The provenance source of a job with these variables. */
export function githubSource(
  env: Record<string, string | undefined>,
  overrides: { jobWorkflowRef?: string } = {},
): GitHubProvenanceSource {
  return sourceFromGitHubRun(githubRun(env), overrides);
}
