import { GreenlightError } from "../errors";

/** An image reference split into the parts the registry API needs. */
export interface ImageReference {
  /** Host and optional port, e.g. `ghcr.io`, `localhost:5000`, `docker.io`. */
  registry: string;
  /** Path inside the registry, e.g. `org/app` (`library/nginx` on Docker Hub). */
  repository: string;
  tag?: string;
  /** `sha256:<64 hex>` */
  digest?: string;
}

export const DOCKER_HUB = "docker.io";
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/;

export class InvalidReferenceError extends GreenlightError {
  override readonly name = "InvalidReferenceError";
}

export function isDigest(value: string): boolean {
  return DIGEST.test(value);
}

/** Checks a `sha256:<hex>` digest; `what` names the input or field in the error. */
export function parseDigest(value: string, what = "digest"): string {
  const digest = value.trim();
  if (!isDigest(digest)) {
    throw new InvalidReferenceError(`${what} '${value}' is not a digest`, {
      hint: "a digest is 'sha256:' followed by 64 lower-case hex characters",
    });
  }
  return digest;
}

/**
 * Parses `[registry/]repository[:tag][@sha256:hex]` the way docker does: the first path component
 * is a registry when it contains a dot or a port, or is `localhost`; otherwise it is Docker Hub.
 */
export function parseReference(input: string, what = "image"): ImageReference {
  const text = input.trim();
  const fail = (problem: string): never => {
    throw new InvalidReferenceError(`${what} '${input}' ${problem}`, {
      hint: "expected [registry[:port]/]repository[:tag][@sha256:<hex>], repository in lower case",
    });
  };
  if (!text) fail("is empty");
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    if (!isDigest(digest)) fail(`has an invalid digest '${digest}'`);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
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
  return { registry, repository: parts.join("/"), ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** `registry/repository`, the name attestations use as subject (no tag, no digest). */
export function repositoryName(ref: Pick<ImageReference, "registry" | "repository">): string {
  return `${ref.registry}/${ref.repository}`;
}

/** Formats a reference; with a digest the tag is dropped, since nothing downstream trusts a tag. */
export function formatReference(ref: ImageReference): string {
  const name = repositoryName(ref);
  if (ref.digest) return `${name}@${ref.digest}`;
  return ref.tag ? `${name}:${ref.tag}` : name;
}

/** `registry/repository@sha256:…` for a repository and a digest. */
export function pinned(ref: Pick<ImageReference, "registry" | "repository">, digest: string): string {
  return `${repositoryName(ref)}@${parseDigest(digest)}`;
}
