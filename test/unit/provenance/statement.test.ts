import { describe, expect, it } from "vitest";
import {
  buildProvenance,
  buildTestResultStatement,
  GITHUB_WORKFLOW_BUILD_TYPE,
  SLSA_PROVENANCE_V1,
  TEST_RESULT_V01,
} from "../../../src/provenance/statement";
import {
  GITHUB_ENVS,
  githubSource,
  IMAGE_DIGEST,
  REUSABLE_JOB_WORKFLOW_REF,
} from "../../support/github-context";

const subject = { name: "registry.example:5000/shop/web", digest: IMAGE_DIGEST };

// Expected values written out by hand from actions/toolkit packages/attest provenance.ts.
const cases = [
  {
    event: "push",
    env: GITHUB_ENVS.push,
    jobWorkflowRef: undefined,
    workflow: {
      ref: "refs/heads/main",
      repository: "https://github.com/octo-org/shop",
      path: ".github/workflows/release.yml",
    },
    uri: "git+https://github.com/octo-org/shop@refs/heads/main",
    commit: "3f786850e387550fdab836ed7e6dc881de23001b",
    runner: "github-hosted",
    builder: "https://github.com/octo-org/shop/.github/workflows/release.yml@refs/heads/main",
  },
  {
    event: "tag",
    env: GITHUB_ENVS.tag,
    jobWorkflowRef: undefined,
    workflow: {
      ref: "refs/tags/v1.4.0",
      repository: "https://github.com/octo-org/shop",
      path: ".github/workflows/release.yml",
    },
    uri: "git+https://github.com/octo-org/shop@refs/tags/v1.4.0",
    commit: "3f786850e387550fdab836ed7e6dc881de23001b",
    runner: "github-hosted",
    builder: "https://github.com/octo-org/shop/.github/workflows/release.yml@refs/tags/v1.4.0",
  },
  {
    event: "pull_request",
    env: GITHUB_ENVS.pull_request,
    jobWorkflowRef: undefined,
    workflow: {
      ref: "refs/pull/42/merge",
      repository: "https://github.com/octo-org/shop",
      path: ".github/workflows/ci.yml",
    },
    uri: "git+https://github.com/octo-org/shop@refs/pull/42/merge",
    commit: "89e6c98d92887913cadf06b2adb97f26cde4849b",
    runner: "self-hosted",
    builder: "https://github.com/octo-org/shop/.github/workflows/ci.yml@refs/pull/42/merge",
  },
  {
    event: "workflow_dispatch",
    env: GITHUB_ENVS.workflow_dispatch,
    jobWorkflowRef: undefined,
    workflow: {
      ref: "refs/heads/release/2.x",
      repository: "https://github.com/octo-org/shop",
      path: ".github/workflows/deploy.yml",
    },
    uri: "git+https://github.com/octo-org/shop@refs/heads/release/2.x",
    commit: "3f786850e387550fdab836ed7e6dc881de23001b",
    runner: "github-hosted",
    builder: "https://github.com/octo-org/shop/.github/workflows/deploy.yml@refs/heads/release/2.x",
  },
  {
    event: "reusable",
    env: GITHUB_ENVS.reusable,
    jobWorkflowRef: REUSABLE_JOB_WORKFLOW_REF,
    workflow: {
      ref: "refs/tags/v2.0.0",
      repository: "https://github.com/octo-org/shop",
      path: ".github/workflows/release.yml",
    },
    uri: "git+https://github.com/octo-org/shop@refs/tags/v2.0.0",
    commit: "3f786850e387550fdab836ed7e6dc881de23001b",
    runner: "github-hosted",
    builder: "https://github.com/octo-org/platform/.github/workflows/greenlight-deploy.yml@refs/tags/v3",
  },
];

describe("buildProvenance from GitHub Actions variables", () => {
  it.each(cases)("$event", (c) => {
    const ctx = githubSource(c.env, c.jobWorkflowRef ? { jobWorkflowRef: c.jobWorkflowRef } : {});
    const statement = buildProvenance(subject, ctx);
    expect(statement._type).toBe("https://in-toto.io/Statement/v1");
    expect(statement.subject).toEqual([{ name: subject.name, digest: { sha256: "ab".repeat(32) } }]);
    expect(statement.predicateType).toBe(SLSA_PROVENANCE_V1);
    const { buildDefinition, runDetails } = statement.predicate;
    expect(buildDefinition.buildType).toBe(GITHUB_WORKFLOW_BUILD_TYPE);
    expect(buildDefinition.externalParameters).toEqual({ workflow: c.workflow });
    expect(buildDefinition.internalParameters).toEqual({
      github: {
        event_name: c.env.GITHUB_EVENT_NAME,
        repository_id: "712345678",
        repository_owner_id: "98765432",
        runner_environment: c.runner,
      },
    });
    expect(buildDefinition.resolvedDependencies).toEqual([{ uri: c.uri, digest: { gitCommit: c.commit } }]);
    expect(runDetails.builder.id).toBe(c.builder);
    expect(runDetails.metadata?.invocationId).toBe(
      "https://github.com/octo-org/shop/actions/runs/9876543210/attempts/2",
    );
    expect(Object.keys(statement.predicate)).toEqual(["buildDefinition", "runDetails"]);
  });

  it("keeps an @ inside the workflow ref, as actions/attest does", () => {
    const env = {
      ...GITHUB_ENVS.tag,
      GITHUB_WORKFLOW_REF: "octo-org/shop/.github/workflows/r.yml@refs/tags/pkg@1.0.0",
    };
    const workflow = buildProvenance(subject, githubSource(env)).predicate.buildDefinition.externalParameters;
    expect(workflow).toEqual({
      workflow: {
        ref: "refs/tags/pkg@1.0.0",
        repository: "https://github.com/octo-org/shop",
        path: ".github/workflows/r.yml",
      },
    });
  });

  it("uses a GHES server URL everywhere", () => {
    const env = { ...GITHUB_ENVS.push, GITHUB_SERVER_URL: "https://ghe.example.com/" };
    const statement = buildProvenance(subject, githubSource(env));
    expect(statement.predicate.runDetails.builder.id).toMatch(
      /^https:\/\/ghe\.example\.com\/octo-org\/shop\//,
    );
    expect(statement.predicate.buildDefinition.resolvedDependencies[0]?.uri).toBe(
      "git+https://ghe.example.com/octo-org/shop@refs/heads/main",
    );
  });

  it("names every missing variable", () => {
    expect(() => githubSource({ GITHUB_REPOSITORY: "o/r" })).toThrow(
      /GITHUB_REF, GITHUB_SHA, GITHUB_WORKFLOW_REF/,
    );
  });

  it("refuses a subject digest that is not sha256", () => {
    expect(() =>
      buildProvenance({ name: "x", digest: "sha256:abc" }, githubSource(GITHUB_ENVS.push)),
    ).toThrow(/subject digest/);
  });
});

describe("buildTestResultStatement", () => {
  const ctx = githubSource(GITHUB_ENVS.push);
  const gate = (name: string, passed: boolean) => ({
    name,
    kind: "http" as const,
    passed,
    detail: "",
    durationMs: 1,
  });

  it.each([
    {
      results: [gate("health", true), gate("junit", true)],
      result: "PASSED",
      passed: ["health", "junit"],
      failed: [],
    },
    {
      results: [gate("health", true), gate("smoke", false)],
      result: "FAILED",
      passed: ["health"],
      failed: ["smoke"],
    },
    { results: [], result: "FAILED", passed: [], failed: [] },
  ])(
    "$result with $passed.length passed and $failed.length failed",
    ({ results, result, passed, failed }) => {
      const statement = buildTestResultStatement(subject, results, ctx);
      expect(statement.predicateType).toBe(TEST_RESULT_V01);
      expect(statement.subject[0]?.digest).toEqual({ sha256: "ab".repeat(32) });
      expect(statement.predicate).toEqual({
        result,
        configuration: [
          {
            name: ".github/workflows/release.yml",
            uri: "git+https://github.com/octo-org/shop@refs/heads/main",
            digest: { gitCommit: "3f786850e387550fdab836ed7e6dc881de23001b" },
          },
        ],
        url: "https://github.com/octo-org/shop/actions/runs/9876543210/attempts/2",
        passedTests: passed,
        warnedTests: [],
        failedTests: failed,
      });
    },
  );
});
