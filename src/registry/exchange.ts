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
  headers: Headers;
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

/** Bodies above this are streamed in pieces of this size, so that upload progress keeps the idle timer alive. */
const UPLOAD_PIECE = 64 * 1024;

/**
 * Sends one request and reads its answer within the timeouts and the body cap (`capFor` the
 * status). Never hangs: the headers, every pause in either body, and the whole response body
 * each have a limit. Redirects are followed by fetch, which drops `Authorization` when one
 * leaves the origin.
 */
export async function exchange(
  request: ExchangeRequest,
  timeouts: Timeouts,
  capFor: (status: number) => BodyCap,
): Promise<ExchangeResponse> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let totalTimer: NodeJS.Timeout | undefined;
  let expired: string | undefined;
  const arm = (ms: number, detail: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      expired = detail;
      controller.abort();
    }, ms);
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

  let body: Uint8Array | ReadableStream<Uint8Array> | undefined;
  const bytes = request.body;
  if (bytes && bytes.length > UPLOAD_PIECE) {
    const stalled = `request body stalled: nothing sent for ${formatMs(timeouts.idleMs)}`;
    let offset = 0;
    arm(timeouts.idleMs, stalled);
    body = new ReadableStream<Uint8Array>(
      {
        pull(stream) {
          const piece = bytes.subarray(offset, offset + UPLOAD_PIECE);
          offset += piece.length;
          stream.enqueue(new Uint8Array(piece));
          if (offset < bytes.length) return arm(timeouts.idleMs, stalled);
          stream.close();
          arm(timeouts.headersMs, noHeaders);
        },
      },
      { highWaterMark: 0 },
    );
  } else {
    if (bytes) body = new Uint8Array(bytes);
    arm(timeouts.headersMs, noHeaders);
  }

  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      signal: controller.signal,
      ...(body ? { body } : {}),
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);
  } catch (error) {
    done();
    throw failed(error);
  }

  const empty = { status: response.status, headers: response.headers, body: Buffer.alloc(0) };
  if (request.method === "HEAD" || !response.body) {
    done();
    await response.body?.cancel().catch(() => undefined);
    return empty;
  }
  const cap = capFor(response.status);
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (!cap.truncate && declared > cap.maxBytes) {
    done();
    controller.abort();
    throw new ExchangeError(
      "too-large",
      `body of ${declared} bytes is over the ${formatBytes(cap.maxBytes)} limit for ${cap.label}`,
      undefined,
      response.status,
    );
  }
  totalTimer = setTimeout(() => {
    expired = `response body not complete within ${formatMs(timeouts.bodyMs)}`;
    controller.abort();
  }, timeouts.bodyMs);
  const stalled = `response body stalled: nothing for ${formatMs(timeouts.idleMs)}`;
  arm(timeouts.idleMs, stalled);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done: end, value } = await reader.read();
      if (end) break;
      const room = cap.maxBytes - size;
      size += value.length;
      if (value.length > room) {
        if (!cap.truncate) {
          throw new ExchangeError(
            "too-large",
            `body is over the ${formatBytes(cap.maxBytes)} limit for ${cap.label}`,
            undefined,
            response.status,
          );
        }
        chunks.push(value.subarray(0, room));
        controller.abort();
        break;
      }
      chunks.push(value);
      arm(timeouts.idleMs, stalled);
    }
  } catch (error) {
    controller.abort();
    throw failed(error);
  } finally {
    done();
  }
  return { ...empty, body: Buffer.concat(chunks) };
}

/** The system error code of a failed fetch (ECONNREFUSED, ENOTFOUND, ...), else its innermost message. */
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
