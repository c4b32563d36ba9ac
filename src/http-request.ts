import type { ClientRequest, Agent as HttpAgent, IncomingMessage } from "node:http";
import type { Agent as HttpsAgent } from "node:https";

/**
 * greenlight's HTTP client: node:http (node:https loaded for https URLs only), one request at a
 * time, no redirect followed (the caller decides). Not Node's fetch: on these machines fetch costs
 * about 60 ms of CPU to load and 4.5 ms per request, node:http 13 ms and under 1 ms (measured with
 * process.cpuUsage over 20 GETs to the stack's registry), and fetch closes its connection after a
 * HEAD and then opens one for every later request to that origin, where node:http keeps it.
 */

/** Response headers, read case-insensitively; a repeated header is joined with ", ". */
export interface ResponseHeaders {
  get(name: string): string | null;
  has(name: string): boolean;
}

export function responseHeaders(raw: IncomingMessage["headers"]): ResponseHeaders {
  const value = (name: string) => {
    const v = raw[name.toLowerCase()];
    return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
  };
  return { get: value, has: (name) => value(name) !== null };
}

export interface HttpRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Reuse connections (the registry client); false: one connection per request (a health check). */
  keepAlive: boolean;
}

export interface SentRequest {
  /** The request in flight; `destroy(error)` ends it (a timeout, a cap) and rejects `response`. */
  request: ClientRequest;
  /** Resolves with the response once its headers arrived. */
  response: Promise<IncomingMessage>;
}

/** Bodies are written in pieces of this size, so that `onPiece` marks progress (idle timers). */
const BODY_PIECE = 64 * 1024;

const keepAliveAgents: { http?: HttpAgent; https?: HttpsAgent } = {};

/**
 * node:http (or node:https) as its CommonJS module object, loaded on first use. Not an ESM import:
 * Node builds an ESM module of node:http by reading every export, and Node 24's lazy `WebSocket`,
 * `CloseEvent` and `MessageEvent` exports then load all of undici, 30–50 ms of CPU at every start
 * (measured with --cpu-prof on a warm rollback).
 */
export function nodeHttp(https: false): typeof import("node:http");
export function nodeHttp(https: true): typeof import("node:https");
export function nodeHttp(https: boolean): typeof import("node:http") | typeof import("node:https");
export function nodeHttp(https: boolean) {
  return https ? process.getBuiltinModule("node:https") : process.getBuiltinModule("node:http");
}

/**
 * Sends one request. The body is written in pieces, `onPiece` called after each is taken by the
 * socket and `onSent` once the last byte is. Idle kept-alive connections never hold the process.
 */
export async function sendRequest(
  r: HttpRequest,
  events: { onPiece?: () => void; onSent?: () => void } = {},
): Promise<SentRequest> {
  const https = r.url.protocol === "https:";
  const agent = r.keepAlive ? keepAliveAgent(https) : false;
  const headers: Record<string, string> = { ...r.headers };
  if (r.body || !["GET", "HEAD"].includes(r.method)) headers["content-length"] = String(r.body?.length ?? 0);
  const request = nodeHttp(https).request(r.url, { method: r.method, headers, agent });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    request.once("response", resolve);
    request.once("error", reject);
  });
  response.catch(() => undefined); // the caller awaits it; an early failure is not unhandled meanwhile
  void writeBody(request, r.body, events);
  return { request, response };
}

/** The process's connection pool for one protocol, made on first use. */
function keepAliveAgent(https: boolean): HttpAgent | HttpsAgent {
  if (https) {
    keepAliveAgents.https ??= new (nodeHttp(true).Agent)({ keepAlive: true });
    return keepAliveAgents.https;
  }
  keepAliveAgents.http ??= new (nodeHttp(false).Agent)({ keepAlive: true });
  return keepAliveAgents.http;
}

async function writeBody(
  request: ClientRequest,
  body: Buffer | undefined,
  events: { onPiece?: () => void; onSent?: () => void },
): Promise<void> {
  for (let offset = 0; body && offset < body.length && !request.destroyed; offset += BODY_PIECE) {
    const piece = body.subarray(offset, offset + BODY_PIECE);
    if (!request.write(piece)) {
      await new Promise<void>((resolve) => {
        request.once("drain", resolve);
        request.once("close", resolve);
      });
    }
    events.onPiece?.();
  }
  if (request.destroyed) return;
  request.end(() => events.onSent?.());
}

/**
 * Reads a response body up to `maxBytes` (`onChunk` after each piece: an idle timer). `over`: more
 * came than that; the body then holds the first `maxBytes` and the rest is left unread.
 */
export async function readCapped(
  response: IncomingMessage,
  maxBytes: number,
  onChunk?: () => void,
): Promise<{ body: Buffer; over: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    const room = maxBytes - size;
    if (chunk.length > room) {
      chunks.push(chunk.subarray(0, room));
      return { body: Buffer.concat(chunks), over: true };
    }
    chunks.push(chunk);
    size += chunk.length;
    onChunk?.();
  }
  return { body: Buffer.concat(chunks), over: false };
}
