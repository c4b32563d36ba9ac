// A process's HTTP requests through node:http/node:https (greenlight's only HTTP client,
// src/http-request.ts: registry, ledger, HTTP gates), seen on Node's diagnostics channels, so
// nothing of the client is wrapped. count-requests.mjs is the preload that prints them at exit;
// verify.mjs reads the list in-process.
import { subscribe } from "node:diagnostics_channel";

/** The path with what changes per run (repository, digests, upload ids) shortened. */
export function shortPath(path) {
  return path
    .split("?")[0]
    .replace(/^\/v2\/.+\/(manifests|blobs|referrers|tags)\//, "/v2/<repo>/$1/")
    .replace(/sha256-[a-f0-9]{64}/g, "sha256-<hex>")
    .replace(/sha256:[a-f0-9]{64}/g, "<digest>")
    .replace(/\/uploads\/[^/]+$/, "/uploads/<id>");
}

let list;
/** Starts counting (once per process) and returns the list every request is appended to. */
export function countRequests() {
  if (list) return list;
  list = [];
  const index = new WeakMap();
  subscribe("http.client.request.start", ({ request }) => {
    index.set(request, list.push(`${request.method} ${shortPath(request.path)}`) - 1);
  });
  subscribe("http.client.response.finish", ({ request, response }) => {
    const at = index.get(request);
    if (at !== undefined) list[at] += ` → ${response.statusCode}`;
  });
  return list;
}

/** `<n>× <request>`, in first-seen order. */
export function grouped(requests) {
  const groups = new Map();
  for (const request of requests) groups.set(request, (groups.get(request) ?? 0) + 1);
  return [...groups].map(([request, n]) => `${n}× ${request}`);
}
