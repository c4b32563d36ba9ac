// A double of GitHub Actions' OIDC token endpoint (the one behind ACTIONS_ID_TOKEN_REQUEST_URL and
// ACTIONS_ID_TOKEN_REQUEST_TOKEN), on loopback: GitHub's OIDC provider cannot be reached from here,
// and act sets neither variable. Each job's request token names one workflow identity, as GitHub's
// does; the token it answers with is an unsigned JWT with GitHub's claims for that job, which the
// @sigstore/mock Fulcio of test/support/sigstore-double.ts reads without checking a signature.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GITHUB_OIDC_ISSUER } from "./sigstore-double";

/** Who a job is, as GitHub's token for it says. */
export interface JobIdentity {
  /** owner/name of the repository the run is for */
  repository: string;
  /** the caller's workflow: `owner/name/.github/workflows/ship.yml@refs/heads/main` */
  workflowRef: string;
  /** the workflow the job is defined in (a reusable one when called): `org/repo/.github/workflows/x.yml@refs/tags/v1` */
  jobWorkflowRef: string;
  ref: string;
  sha: string;
}

/** What GitHub puts in an Actions ID token for a job (the claims Fulcio turns into certificate extensions). */
export function githubClaims(id: JobIdentity, audience: string): Record<string, string | number> {
  const now = Math.floor(Date.now() / 1000);
  const owner = id.repository.split("/")[0] ?? "";
  return {
    iss: GITHUB_OIDC_ISSUER,
    aud: audience,
    sub: `repo:${id.repository}:ref:${id.ref}`,
    // the mock Fulcio takes the SAN from this claim; GitHub's Fulcio builds it from job_workflow_ref
    san: `https://github.com/${id.jobWorkflowRef}`,
    repository: id.repository,
    repository_owner: owner,
    repository_id: "712345678",
    repository_owner_id: "98765432",
    repository_visibility: "public",
    ref: id.ref,
    sha: id.sha,
    workflow_ref: id.workflowRef,
    job_workflow_ref: id.jobWorkflowRef,
    event_name: "push",
    runner_environment: "self-hosted",
    run_id: "9876543210",
    run_attempt: "1",
    iat: now,
    nbf: now,
    exp: now + 300,
  };
}

export class GitHubOidcDouble {
  /** every token request: which job (by its identity's repository) and which audience */
  readonly requests: { repository: string | undefined; audience: string | null }[] = [];
  private readonly jobs = new Map<string, JobIdentity>();

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<GitHubOidcDouble> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const double = new GitHubOidcDouble(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on("request", (req, res) => double.answer(req.url ?? "", req.headers.authorization, res));
    return double;
  }

  /**
   * The two variables the runner gives a job with `id-token: write`, for a job of this identity:
   * the URL carries a query already (`&audience=` is appended by @actions/core).
   */
  job(identity: JobIdentity): {
    ACTIONS_ID_TOKEN_REQUEST_URL: string;
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: string;
  } {
    const requestToken = randomBytes(24).toString("hex");
    this.jobs.set(requestToken, identity);
    return {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${this.baseUrl}/_apis/oidc/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken,
    };
  }

  private answer(url: string, authorization: string | undefined, res: import("node:http").ServerResponse) {
    const parsed = new URL(url, this.baseUrl);
    const identity = this.jobs.get(/^Bearer (.+)$/.exec(authorization ?? "")?.[1] ?? "");
    const audience = parsed.searchParams.get("audience");
    this.requests.push({ repository: identity?.repository, audience });
    if (parsed.pathname !== "/_apis/oidc/token") return void res.writeHead(404).end();
    if (!identity) return void res.writeHead(401).end('{"message":"bad request token"}');
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const claims = githubClaims(identity, audience ?? "https://github.com/acme");
    const jwt = `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ count: 1, value: jwt }));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
