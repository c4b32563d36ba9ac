import { setTimeout as sleep } from "node:timers/promises";
import { readCapped, sendRequest } from "../http-request";
import type { GateResult } from "./result";

/** One HTTP check against an endpoint (the preview before promotion, the live one while watching). */
export interface HttpCheck {
  /** Path with query, e.g. `/healthz`. */
  path: string;
  /** Expected status (default 200). */
  status?: number;
  /** A regular expression the body must match. */
  body?: string;
  /** Further attempts after the first failed one (default 5). */
  retries?: number;
  /** Pause between attempts in ms (default 1000). */
  intervalMs?: number;
  /** Per-request timeout in ms (default 5000). */
  timeoutMs?: number;
  /** Stops the check and its retries early (the run was stopped). */
  signal?: AbortSignal;
}

/** What one request saw; `problem` is undefined when the check passed. */
export interface Probe {
  problem: string | undefined;
  status?: number;
}

/** Sends one request and judges it; never throws. */
export async function probe(baseUrl: string, check: HttpCheck): Promise<Probe> {
  const url = joinUrl(baseUrl, check.path);
  const expected = check.status ?? 200;
  try {
    const { status, body } = await getOnce(url, check.timeoutMs ?? 5000, check.signal);
    if (status !== expected) {
      return { problem: `GET ${url}: status ${status}, expected ${expected}`, status };
    }
    if (check.body !== undefined && !new RegExp(check.body).test(body)) {
      const seen = body.trim().slice(0, 80);
      return { problem: `GET ${url}: body '${seen}' does not match /${check.body}/`, status };
    }
    return { problem: undefined, status };
  } catch (error) {
    return { problem: `GET ${url}: ${reasonOf(error)}` };
  }
}

/** Of a checked body, only this much is read (a check matches a health answer, not a download). */
const PROBE_BODY_LIMIT = 1024 * 1024;

/**
 * One GET on a connection of its own (behind a Kubernetes Service a kept connection would stay on
 * the pod it first reached), no redirect followed, the whole exchange within `timeoutMs`.
 */
async function getOnce(
  url: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<{ status: number; body: string }> {
  const sent = await sendRequest({
    url: new URL(url),
    method: "GET",
    headers: { "user-agent": "greenlight-check" },
    keepAlive: false,
  });
  const timer = setTimeout(() => sent.request.destroy(new TimeoutError()), timeoutMs);
  const stop = () => sent.request.destroy(new Error("stopped"));
  signal?.addEventListener("abort", stop, { once: true });
  if (signal?.aborted) stop();
  try {
    const response = await sent.response;
    const { body } = await readCapped(response, PROBE_BODY_LIMIT);
    return { status: response.statusCode ?? 0, body: body.toString("utf8") };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", stop);
    sent.request.destroy();
  }
}

class TimeoutError extends Error {
  override readonly name = "TimeoutError";
}

/** Runs one check with its retries; the result says how many attempts it took or what was last seen. */
export async function runHttpCheck(baseUrl: string, check: HttpCheck, name?: string): Promise<GateResult> {
  const started = Date.now();
  const attempts = 1 + (check.retries ?? 5);
  let last: Probe = { problem: "not run" };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    last = await probe(baseUrl, check);
    if (!last.problem) {
      return {
        name: name ?? `GET ${check.path}`,
        kind: "http",
        passed: true,
        detail: `GET ${joinUrl(baseUrl, check.path)}: ${last.status}${check.body ? `, body matches /${check.body}/` : ""} (attempt ${attempt}/${attempts})`,
        durationMs: Date.now() - started,
      };
    }
    if (check.signal?.aborted) break;
    if (attempt < attempts) await pause(check.intervalMs ?? 1000, check.signal);
  }
  return {
    name: name ?? `GET ${check.path}`,
    kind: "http",
    passed: false,
    detail: `${last.problem} (after ${attempts} attempts)`,
    durationMs: Date.now() - started,
  };
}

/** Runs the checks in order; each is its own gate result. */
export async function runHttpChecks(baseUrl: string, checks: readonly HttpCheck[]): Promise<GateResult[]> {
  const results: GateResult[] = [];
  for (const check of checks) results.push(await runHttpCheck(baseUrl, check));
  return results;
}

/** Sleeps `ms`, or less when `signal` aborts; never throws. */
export async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  await sleep(ms, undefined, signal ? { signal } : {}).catch(() => undefined);
}

/** Joins a base URL and a path without doubling or dropping the slash. */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

function reasonOf(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") return "timed out";
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : error instanceof Error ? error.message : String(error);
}
