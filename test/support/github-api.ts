import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A double of GitHub's Deployments (and attestation upload) REST endpoints on loopback, for tests: GitHub's API cannot be
 * reached from the test machines. It keeps deployments and statuses like GitHub does (newest first
 * in lists) and records every request. Served under /api/v3, as on GitHub Enterprise Server, so a
 * client that ignores its base URL fails.
 */
export interface RecordedRequest {
  method: string;
  /** Path without the /api/v3 prefix and without the query, e.g. /repos/acme/app/deployments. */
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | undefined;
  authorization: string | undefined;
}

interface FakeDeployment {
  id: number;
  ref: string;
  sha: string;
  environment: string;
  payload: unknown;
  description: string | null;
  created_at: string;
  statuses: { id: number; state: string; environment_url?: string; description?: string }[];
}

const PREFIX = "/api/v3";

export class GitHubApiDouble {
  readonly requests: RecordedRequest[] = [];
  private readonly deployments: FakeDeployment[] = [];
  /** `METHOD path` (without prefix/query) -> HTTP status to answer with instead. */
  readonly failures = new Map<string, number>();
  private nextId = 100;
  private nextStatusId = 9000;
  private clock = Date.parse("2026-01-01T00:00:00Z");

  private constructor(private readonly server: Server) {}

  static async start(): Promise<GitHubApiDouble> {
    let double: GitHubApiDouble | undefined;
    const server = createServer((req, res) => {
      double?.handle(req, res).catch((error) => reply(res, 500, { message: String(error) }));
    });
    double = new GitHubApiDouble(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return double;
  }

  /** The base URL a client is given, like GITHUB_API_URL on GitHub Enterprise Server. */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${PREFIX}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Adds an existing deployment with its statuses (oldest first); returns its id. */
  seed(d: { ref: string; environment: string; payload?: unknown; states: string[] }): number {
    const deployment = this.create(d.ref, d.environment, d.payload ?? {}, null);
    for (const state of d.states) deployment.statuses.unshift({ id: this.nextStatusId++, state });
    return deployment.id;
  }

  /** The requests as `METHOD path`, the shape tests compare against. */
  calls(): string[] {
    return this.requests.map((r) => `${r.method} ${r.path}`);
  }

  /** Every deployment in creation order, with its states oldest first (what a test asserts on). */
  deploymentsSoFar(): { id: number; ref: string; environment: string; payload: unknown; states: string[] }[] {
    return this.deployments.map((d) => ({
      id: d.id,
      ref: d.ref,
      environment: d.environment,
      payload: d.payload,
      states: d.statuses.map((s) => s.state).reverse(),
    }));
  }

  /** The newest status state of a deployment. */
  latestState(id: number): string | undefined {
    return this.deployments.find((d) => d.id === id)?.statuses[0]?.state;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (!url.pathname.startsWith(PREFIX)) return reply(res, 404, { message: "Not Found (no /api/v3)" });
    const path = url.pathname.slice(PREFIX.length);
    const text = await readBody(req);
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    this.requests.push({
      method: req.method ?? "",
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      authorization: req.headers.authorization,
    });
    const failure = this.failures.get(`${req.method} ${path}`);
    if (failure) return reply(res, failure, { message: "Resource not accessible by integration" });

    if (/^\/repos\/[^/]+\/[^/]+\/attestations$/.test(path) && req.method === "POST") {
      return reply(res, 201, { id: this.nextId++ });
    }
    const list = /^\/repos\/[^/]+\/[^/]+\/deployments$/.exec(path);
    const statuses = /^\/repos\/[^/]+\/[^/]+\/deployments\/(\d+)\/statuses$/.exec(path);
    if (list && req.method === "POST") {
      const b = body ?? {};
      const d = this.create(
        String(b.ref),
        String(b.environment),
        b.payload,
        (b.description as string) ?? null,
      );
      return reply(res, 201, view(d));
    }
    if (list && req.method === "GET") {
      const env = url.searchParams.get("environment");
      const perPage = Number(url.searchParams.get("per_page") ?? 30);
      const found = this.deployments.filter((d) => !env || d.environment === env).reverse();
      return reply(res, 200, found.slice(0, perPage).map(view));
    }
    const deployment = statuses && this.deployments.find((d) => d.id === Number(statuses[1]));
    if (statuses && !deployment) return reply(res, 404, { message: "Not Found" });
    if (deployment && req.method === "POST") {
      const status = { id: this.nextStatusId++, ...(body as { state: string }) };
      deployment.statuses.unshift(status);
      return reply(res, 201, status);
    }
    if (deployment && req.method === "GET") {
      const perPage = Number(url.searchParams.get("per_page") ?? 30);
      return reply(res, 200, deployment.statuses.slice(0, perPage));
    }
    return reply(res, 404, { message: "Not Found" });
  }

  private create(
    ref: string,
    environment: string,
    payload: unknown,
    description: string | null,
  ): FakeDeployment {
    const id = this.nextId++;
    const sha = /^[0-9a-f]{40}$/.test(ref) ? ref : id.toString(16).padStart(40, "0");
    this.clock += 60_000;
    const d: FakeDeployment = {
      id,
      ref,
      sha,
      environment,
      payload,
      description,
      created_at: new Date(this.clock).toISOString(),
      statuses: [],
    };
    this.deployments.push(d);
    return d;
  }
}

function view(d: FakeDeployment) {
  const { statuses: _statuses, ...rest } = d;
  return rest;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
