import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  GreenlightError
} from "./chunk-XAPMUR2Q.mjs";

// src/image/reference.ts
var DOCKER_HUB = "docker.io";
var DIGEST = /^sha256:[a-f0-9]{64}$/;
var TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
var PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
var HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/;
var InvalidReferenceError = class extends GreenlightError {
  name = "InvalidReferenceError";
};
function isDigest(value) {
  return DIGEST.test(value);
}
function parseDigest(value, what = "digest") {
  const digest = value.trim();
  if (!isDigest(digest)) {
    throw new InvalidReferenceError(`${what} '${value}' is not a digest`, {
      hint: "a digest is 'sha256:' followed by 64 lower-case hex characters"
    });
  }
  return digest;
}
function parseReference(input, what = "image") {
  const text = input.trim();
  const fail = (problem) => {
    throw new InvalidReferenceError(`${what} '${input}' ${problem}`, {
      hint: "expected [registry[:port]/]repository[:tag][@sha256:<hex>], repository in lower case"
    });
  };
  if (!text) fail("is empty");
  let rest = text;
  let digest;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    if (!isDigest(digest)) fail(`has an invalid digest '${digest}'`);
    rest = rest.slice(0, at);
  }
  let tag;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    if (!TAG.test(tag)) fail(`has an invalid tag '${tag}'`);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split("/");
  const first = parts[0] ?? "";
  let registry = DOCKER_HUB;
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    if (!HOST.test(first)) fail(`has an invalid registry '${first}'`);
    registry = first;
    parts.shift();
  }
  for (const part of parts) {
    if (part !== part.toLowerCase()) fail(`has upper case in '${part}'`);
    if (!PATH_COMPONENT.test(part)) fail(`has an invalid path component '${part}'`);
  }
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift("library");
  return { registry, repository: parts.join("/"), ...tag ? { tag } : {}, ...digest ? { digest } : {} };
}
function repositoryName(ref) {
  return `${ref.registry}/${ref.repository}`;
}
function pinned(ref, digest) {
  return `${repositoryName(ref)}@${parseDigest(digest)}`;
}

export {
  isDigest,
  parseDigest,
  parseReference,
  repositoryName,
  pinned
};
//# sourceMappingURL=chunk-UEFSGM5H.mjs.map
