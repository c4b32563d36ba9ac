import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));

// src/http-request.ts
function responseHeaders(raw) {
  const value = (name) => {
    const v = raw[name.toLowerCase()];
    return v === void 0 ? null : Array.isArray(v) ? v.join(", ") : v;
  };
  return { get: value, has: (name) => value(name) !== null };
}
var BODY_PIECE = 64 * 1024;
var keepAliveAgents = {};
function nodeHttp(https) {
  return https ? process.getBuiltinModule("node:https") : process.getBuiltinModule("node:http");
}
async function sendRequest(r, events = {}) {
  const https = r.url.protocol === "https:";
  const agent = r.keepAlive ? keepAliveAgent(https) : false;
  const headers = { ...r.headers };
  if (r.body || !["GET", "HEAD"].includes(r.method)) headers["content-length"] = String(r.body?.length ?? 0);
  const request = nodeHttp(https).request(r.url, { method: r.method, headers, agent });
  const response = new Promise((resolve, reject) => {
    request.once("response", resolve);
    request.once("error", reject);
  });
  response.catch(() => void 0);
  void writeBody(request, r.body, events);
  return { request, response };
}
function keepAliveAgent(https) {
  if (https) {
    keepAliveAgents.https ??= new (nodeHttp(true)).Agent({ keepAlive: true });
    return keepAliveAgents.https;
  }
  keepAliveAgents.http ??= new (nodeHttp(false)).Agent({ keepAlive: true });
  return keepAliveAgents.http;
}
async function writeBody(request, body, events) {
  for (let offset = 0; body && offset < body.length && !request.destroyed; offset += BODY_PIECE) {
    const piece = body.subarray(offset, offset + BODY_PIECE);
    if (!request.write(piece)) {
      await new Promise((resolve) => {
        request.once("drain", resolve);
        request.once("close", resolve);
      });
    }
    events.onPiece?.();
  }
  if (request.destroyed) return;
  request.end(() => events.onSent?.());
}
async function readCapped(response, maxBytes, onChunk) {
  const chunks = [];
  let size = 0;
  for await (const chunk of response) {
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

export {
  responseHeaders,
  nodeHttp,
  sendRequest,
  readCapped
};
//# sourceMappingURL=chunk-IGPL5ZXV.mjs.map
