import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));

// src/deploy/docker/docker-host.ts
var REMOTE = /^(tcp|ssh):\/\/(?:([^@/?#:]+)@)?([^@/?#:]+)(?::(\d{1,5}))?$/;
function remoteDockerHost(value) {
  const match = REMOTE.exec(value);
  if (!match) return void 0;
  const [, scheme, user, host = "", port] = match;
  return {
    scheme,
    host,
    ...user !== void 0 ? { user } : {},
    ...port !== void 0 ? { port } : {}
  };
}

export {
  remoteDockerHost
};
//# sourceMappingURL=chunk-SXMMHSRB.mjs.map
