import type { IncomingMessage } from "node:http";
import {
  type ResponseHeaders,
  readCapped,
  responseHeaders,
  type SentRequest,
  sendRequest,
} from "../http-request";
import { formatBytes, formatMs, type Timeouts } from "./limits";

/** One HTTP request as the registry client sends it. */
export interface ExchangeRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** How much of a response body to read: the cap, and whether going over it is an error or a cut. */
export interface BodyCap {
  maxBytes: number;
  /** true: keep the first `maxBytes` and drop the rest (error answers); false: over the cap fails. */
  truncate: boolean;
  /** What the body is, for the message: "a manifest". */
  label: string;
}

export interface ExchangeResponse {
  status: number;
  headers: ResponseHeaders;
  body: Buffer;
}

/**
 * Why an exchange failed without a usable answer. `connection`: refused, reset, cut mid-body;
 * `timeout`: one of the `Timeouts` ran out; `too-large`: the body went over its cap. `detail`
 * names the limit ("no response headers within 30 s").
 */
export class ExchangeError extends Error {
  override readonly name = "ExchangeError";
  constructor(
    readonly reason: "connection" | "timeout" | "too-large",
    readonly detail: string,
    cause?: unknown,
    /** The status of an answer whose body was too large. */
    readonly status?: number,
  ) {
    super(detail, { cause });
  }
}

/** How many redirects one exchange follows. */
const MAX_REDIRECTS = 10;

/**
 * Sends one request and reads its answer within the timeouts and the body cap (`capFor` the
 * status). Never hangs: the headers, every pause in either body, and the whole response body
 * each have a limit. Redirects are followed here (at most MAX_REDIRECTS): `Authorization` is
 * dropped when one leaves the origin, a 303 (and a 301/302 of a POST) becomes a GET without body.
 */
export async function exchange(
  request: ExchangeRequest,
  timeouts: Timeouts,
  capFor: (status: number) => BodyCap,
): Promise<ExchangeResponse> {
  let current = { ...request, url: new URL(request.url) };
  for (let redirects = 0; ; redirects++) {
    const answer = await exchangeOnce(current, timeouts, capFor);
    const location = REDIRECTS.has(answer.status) ? answer.headers.get("location") : null;
    if (!location || redirects >= MAX_REDIRECTS) return answer;
    const next = new URL(location, current.url);
    const headers = { ...current.headers };
    if (next.origin !== current.url.origin) {
      for (const name of Object.keys(headers))
        if (/^(authorization|cookie)$/i.test(name)) delete headers[name];
    }
    const asGet = answer.status === 303 || ([301, 302].includes(answer.status) && current.method === "POST");
    current = asGet ? { url: next, method: "GET", headers } : { ...current, url: next, headers };
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

async function exchangeOnce(
  request: Omit<ExchangeRequest, "url"> & { url: URL },
  timeouts: Timeouts,
  capFor: (status: number) => BodyCap,
): Promise<ExchangeResponse> {
  let sent: SentRequest | undefined;
  let timer: NodeJS.Timeout | undefined;
  let totalTimer: NodeJS.Timeout | undefined;
  let expired: string | undefined;
  const stop = (detail: string) => {
    expired = detail;
    sent?.request.destroy(new Error(detail));
  };
  const arm = (ms: number, detail: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => stop(detail), ms);
  };
  const done = () => {
    clearTimeout(timer);
    clearTimeout(totalTimer);
  };
  const failed = (error: unknown) =>
    error instanceof ExchangeError
      ? error
      : new ExchangeError(expired ? "timeout" : "connection", expired ?? connectionDetail(error), error);
  const noHeaders = `no response headers within ${formatMs(timeouts.headersMs)}`;
  const stalled = `request body stalled: nothing sent for ${formatMs(timeouts.idleMs)}`;

  let response: IncomingMessage;
  try {
    const bytes = request.body;
    arm(bytes?.length ? timeouts.idleMs : timeouts.headersMs, bytes?.length ? stalled : noHeaders);
    sent = await sendRequest(
      {
        url: request.url,
        method: request.method,
        headers: request.headers,
        keepAlive: true,
        ...(bytes ? { body: bytes } : {}),
      },
      {
        onPiece: () => arm(timeouts.idleMs, stalled),
        onSent: () => arm(timeouts.headersMs, noHeaders),
      },
    );
    if (expired) sent.request.destroy(new Error(expired)); // a timer that ran out while it started
    response = await sent.response;
  } catch (error) {
    done();
    throw failed(error);
  }

  const headers = responseHeaders(response.headers);
  const status = response.statusCode ?? 0;
  const empty = { status, headers, body: Buffer.alloc(0) };
  const cap = capFor(status);
  const declared = Number(headers.get("content-length") ?? Number.NaN);
  if (!cap.truncate && declared > cap.maxBytes) {
    done();
    response.destroy();
    throw new ExchangeError(
      "too-large",
      `body of ${declared} bytes is over the ${formatBytes(cap.maxBytes)} limit for ${cap.label}`,
      undefined,
      status,
    );
  }
  totalTimer = setTimeout(
    () => stop(`response body not complete within ${formatMs(timeouts.bodyMs)}`),
    timeouts.bodyMs,
  );
  const bodyStalled = `response body stalled: nothing for ${formatMs(timeouts.idleMs)}`;
  arm(timeouts.idleMs, bodyStalled);
  let read: { body: Buffer; over: boolean };
  try {
    read = await readCapped(response, cap.maxBytes, () => arm(timeouts.idleMs, bodyStalled));
    if (read.over && !cap.truncate) {
      throw new ExchangeError(
        "too-large",
        `body is over the ${formatBytes(cap.maxBytes)} limit for ${cap.label}`,
        undefined,
        status,
      );
    }
    if (!read.over && !response.complete) throw new Error("the connection closed mid-body");
  } catch (error) {
    response.destroy();
    throw failed(error);
  } finally {
    done();
  }
  if (!response.complete) response.destroy(); // a cut body: the connection is not reused
  return { ...empty, body: read.body };
}

/** The system error code of a failed request (ECONNREFUSED, ENOTFOUND, ...), else its innermost message. */
export function connectionDetail(error: unknown): string {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "UND_ERR") return code;
    if (current instanceof Error) message = current.message;
    current = (current as { cause?: unknown }).cause;
  }
  return message;
}
