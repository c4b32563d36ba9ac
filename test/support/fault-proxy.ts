// A fault-injecting HTTP proxy for registry tests: a node:http server on 127.0.0.1 that forwards
// every request to a real registry (Host header kept, so the registry's upload Locations point
// back at the proxy) unless a programmed fault matches the request. Faults are consumed in order,
// one per matching request, so a test says exactly which request breaks and how.
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type Fault =
  /** destroy the connection before forwarding (the registry never sees the request) */
  | { kind: "reset" }
  /** forward, let the registry act, then destroy the connection instead of answering (a lost answer) */
  | { kind: "reset-after-forward" }
  /** answer this status without forwarding, with these registry errors (default one UNAVAILABLE) */
  | { kind: "status"; status: number; errors?: { code: string; message: string; detail?: unknown }[] }
  /** forward, let the registry act, then answer this status instead of its answer */
  | { kind: "status-after-forward"; status: number }
  /** 429 with `Retry-After: <seconds>`, without forwarding */
  | { kind: "rate-limit"; retryAfter: string }
  /** never answer (the connection stays open until the client gives up) */
  | { kind: "stall-headers" }
  /** forward, send the registry's headers and the first `afterBytes` of its body, then hold */
  | { kind: "stall-body"; afterBytes: number }
  /** forward, send the headers and the first `afterBytes` of the body, then destroy the connection */
  | { kind: "cut-body"; afterBytes: number }
  /** read `afterBytes` of the request body (PATCH/PUT), forward nothing, then destroy the connection */
  | { kind: "cut-upload"; afterBytes: number }
  /** answer 200 with `bytes` bytes of JSON-ish filler, declared (Content-Length) or not (chunked) */
  | { kind: "oversize"; bytes: number; declared: boolean; contentType?: string }
  /** forward, and rewrite the answer's `Location` header onto another origin */
  | { kind: "relocate"; origin: string }
  /** answer 307 to the same path on another origin, without forwarding */
  | { kind: "redirect"; origin: string }
  /** answer 401 with this `WWW-Authenticate` header, without forwarding */
  | { kind: "challenge"; header: string };

export interface Injection {
  method?: string;
  /** matched against the request path with query */
  path?: RegExp;
  fault: Fault;
  /** how many matching requests get this fault (default 1) */
  times?: number;
}

export interface SeenRequest {
  method: string;
  path: string;
  fault?: Fault["kind"];
  authorization: boolean;
}

export class FaultProxy {
  readonly seen: SeenRequest[] = [];
  private readonly injections: (Injection & { left: number })[] = [];
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  /** `127.0.0.1:<port>`, the registry name clients use to go through the proxy. */
  address = "";

  /**
   * `upstream`: host:port of the registry. `authorization`: an Authorization header to add to
   * every forwarded request (to play storage that authorizes by its own means, like a presigned
   * URL, on "another host"); what the client sent is still recorded in `seen`.
   */
  constructor(
    private readonly upstream: string,
    private readonly authorization?: string,
    /** answer every `Location` as a path without origin (relative to the request) */
    private readonly relativeLocations = false,
  ) {}

  async start(host = "127.0.0.1"): Promise<this> {
    const server = createServer((req, res) => this.handle(req, res));
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    this.server = server;
    this.address = `${host}:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  inject(...injections: Injection[]): this {
    for (const i of injections) this.injections.push({ ...i, left: i.times ?? 1 });
    return this;
  }

  /** Forgets faults not yet used and the requests seen. */
  reset(): void {
    this.injections.length = 0;
    this.seen.length = 0;
  }

  /** How many programmed faults have not been used yet. */
  pending(): number {
    return this.injections.reduce((sum, i) => sum + i.left, 0);
  }

  /** The faults actually applied, by kind. */
  applied(): string[] {
    return this.seen.flatMap((s) => (s.fault ? [s.fault] : []));
  }

  private take(method: string, path: string): Fault | undefined {
    const found = this.injections.find(
      (i) => i.left > 0 && (!i.method || i.method === method) && (!i.path || i.path.test(path)),
    );
    if (!found) return undefined;
    found.left--;
    return found.fault;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const fault = this.take(method, path);
    this.seen.push({
      method,
      path,
      authorization: req.headers.authorization !== undefined,
      ...(fault ? { fault: fault.kind } : {}),
    });
    switch (fault?.kind) {
      case "reset":
        req.socket.destroy();
        return;
      case "status":
        req.resume();
        res.writeHead(fault.status, { "Content-Type": "application/json" });
        res.end(
          JSON.stringify({
            errors: fault.errors ?? [{ code: "UNAVAILABLE", message: `injected ${fault.status}` }],
          }),
        );
        return;
      case "rate-limit":
        req.resume();
        res.writeHead(429, { "Content-Type": "application/json", "Retry-After": fault.retryAfter });
        res.end(JSON.stringify({ errors: [{ code: "TOOMANYREQUESTS", message: "injected 429" }] }));
        return;
      case "stall-headers":
        req.resume();
        return;
      case "redirect":
        req.resume();
        res.writeHead(307, { Location: `${fault.origin}${path}` });
        res.end();
        return;
      case "challenge":
        req.resume();
        res.writeHead(401, { "Content-Type": "application/json", "WWW-Authenticate": fault.header });
        res.end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "injected challenge" }] }));
        return;
      case "cut-upload": {
        let received = 0;
        req.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (received >= fault.afterBytes) req.socket.destroy();
        });
        req.on("end", () => req.socket.destroy());
        return;
      }
      case "oversize": {
        req.resume();
        const headers: Record<string, string | number> = {
          "Content-Type": fault.contentType ?? "application/vnd.oci.image.manifest.v1+json",
        };
        if (fault.declared) headers["Content-Length"] = fault.bytes;
        res.writeHead(200, headers);
        const piece = Buffer.alloc(64 * 1024, 0x20);
        let left = fault.bytes;
        const pump = (): void => {
          while (left > 0) {
            const n = Math.min(left, piece.length);
            left -= n;
            if (!res.write(piece.subarray(0, n))) {
              res.once("drain", pump);
              return;
            }
          }
          res.end();
        };
        res.on("error", () => undefined);
        pump();
        return;
      }
      default:
        this.forward(req, res, fault);
    }
  }

  private forward(req: IncomingMessage, res: ServerResponse, fault: Fault | undefined): void {
    const [host, port] = this.upstream.split(":");
    const headers = { ...req.headers, ...(this.authorization ? { authorization: this.authorization } : {}) };
    const upstream = httpRequest(
      { host, port: Number(port), method: req.method, path: req.url, headers },
      (answer) => this.answer(req, res, answer, fault),
    );
    upstream.on("error", () => req.socket.destroy());
    req.pipe(upstream);
  }

  private answer(
    req: IncomingMessage,
    res: ServerResponse,
    answer: IncomingMessage,
    fault: Fault | undefined,
  ): void {
    const headers = { ...answer.headers };
    switch (fault?.kind) {
      case "reset-after-forward":
        answer.resume();
        answer.on("end", () => req.socket.destroy());
        return;
      case "status-after-forward":
        answer.resume();
        answer.on("end", () => {
          res.writeHead(fault.status, { "Content-Type": "application/json" });
          res.end(JSON.stringify({ errors: [{ code: "UNAVAILABLE", message: `injected ${fault.status}` }] }));
        });
        return;
      case "stall-body":
      case "cut-body": {
        res.writeHead(answer.statusCode ?? 502, headers);
        let sent = 0;
        let stopped = false;
        answer.on("data", (chunk: Buffer) => {
          if (stopped) return;
          const room = fault.afterBytes - sent;
          sent += Math.min(room, chunk.length);
          const last = sent >= fault.afterBytes;
          if (last) stopped = true;
          // cut only once the bytes before the cut reached the client
          const cut = () => {
            if (last && fault.kind === "cut-body") setTimeout(() => req.socket.destroy(), 50);
          };
          if (room > 0) res.write(chunk.subarray(0, room), cut);
          else cut();
        });
        answer.on("end", () => {
          if (!stopped && fault.kind === "cut-body") req.socket.destroy();
          // stall-body: hold whatever is left; the client has to give up
        });
        return;
      }
      case "relocate": {
        const location = headers.location;
        if (typeof location === "string") {
          const moved = new URL(location, `http://${req.headers.host}`);
          headers.location = `${fault.origin}${moved.pathname}${moved.search}`;
        }
        break;
      }
      default:
        break;
    }
    if (this.relativeLocations && typeof headers.location === "string" && fault?.kind !== "relocate") {
      const moved = new URL(headers.location, `http://${req.headers.host}`);
      headers.location = `${moved.pathname}${moved.search}`;
    }
    res.writeHead(answer.statusCode ?? 502, headers);
    answer.pipe(res);
  }
}
