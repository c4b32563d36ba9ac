import { InputError } from "../errors";
import type { GitState } from "../git";
import { type ImageReference, parseReference, repositoryName } from "./reference";

const BARE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:[0-9A-Za-z-]+)(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;

/** A semantic version read from a git tag. */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease?: string;
}

export interface TagOptions {
  /** Also tag `latest` when HEAD carries a release (non-prerelease) semver tag. */
  latest?: boolean;
  /** Told when a tag computed from git is skipped (it would overwrite a tag greenlight owns). */
  warn?: (message: string) => void;
}

/**
 * Tags greenlight moves itself in the image's repository: the release ledger's head
 * (`greenlight.ledger.<environment>`) and the Referrers Tag Schema index of a digest
 * (`sha256-<64 hex>`). A build that pushed one of them would overwrite the ledger or drop a
 * digest's attestations. Compared case-insensitively, so no spelling of them gets through.
 */
export function reservedTag(tag: string): string | undefined {
  if (/^greenlight\.ledger(\.|$)/i.test(tag))
    return "the release ledger's tag (greenlight.ledger.<environment>)";
  if (/^sha256-[0-9a-f]{64}$/i.test(tag)) return "a referrers index tag (sha256-<digest hex>)";
  return undefined;
}

/** Tags for people, computed from git: `sha-<7>`, `pr-<n>` or the branch, semver, then the user's `tags`. */
export function computeTags(
  image: ImageReference,
  git: GitState,
  userTags: readonly string[],
  options: TagOptions = {},
): string[] {
  const tags: string[] = [];
  if (git.sha) tags.push(shortShaTag(git.sha));
  if (git.pullRequest !== undefined) tags.push(`pr-${git.pullRequest}`);
  else if (git.branch) {
    const branch = sanitiseTag(git.branch);
    const reserved = reservedTag(branch);
    if (reserved) {
      options.warn?.(
        `branch '${git.branch}' is not tagged: its tag '${branch}' would overwrite ${reserved}; the image keeps its other tags`,
      );
    } else if (branch) tags.push(branch);
  }
  const version = semverOf(git.tags);
  if (version) tags.push(...semverTags(version, options.latest ?? false));
  for (const input of userTags) tags.push(userTag(image, input));
  return [...new Set(tags)];
}

/** `sha-` and the first 7 characters of the commit. */
export function shortShaTag(sha: string): string {
  return `sha-${sha.slice(0, 7).toLowerCase()}`;
}

/** A branch name as a tag: lower case, `[^a-z0-9._-]` → `-`, no leading `.`/`-`, at most 128 characters. */
export function sanitiseTag(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, "-")
    .replace(/^[.-]+/, "")
    .slice(0, 128);
}

/** The highest semver among git tags (`vX.Y.Z` or `X.Y.Z`, optional prerelease); undefined if none. */
export function semverOf(gitTags: readonly string[]): SemVer | undefined {
  const versions = gitTags.map(parseSemver).filter((v): v is SemVer => v !== undefined);
  return versions.sort(compareSemver).at(-1);
}

export function parseSemver(tag: string): SemVer | undefined {
  const m = SEMVER.exec(tag.trim());
  if (!m) return undefined;
  const version: SemVer = { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
  if (m[4]) version.prerelease = m[4];
  return version;
}

/** `X.Y.Z[-pre]` (build metadata dropped: `+` is not valid in a tag). */
export function formatSemver(v: SemVer): string {
  return `${v.major}.${v.minor}.${v.patch}${v.prerelease ? `-${v.prerelease}` : ""}`;
}

/**
 * `X.Y.Z`, `X.Y`, `X` (and `latest` if asked) for a release; only `X.Y.Z-pre` for a prerelease.
 * `X` alone is not produced for 0.y.z, whose minor versions may break (as metadata-action does).
 */
export function semverTags(v: SemVer, latest: boolean): string[] {
  const full = formatSemver(v);
  if (v.prerelease) return [full];
  const tags = [full, `${v.major}.${v.minor}`];
  if (v.major > 0) tags.push(`${v.major}`);
  if (latest) tags.push("latest");
  return tags;
}

function compareSemver(a: SemVer, b: SemVer): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return core;
  if (!a.prerelease !== !b.prerelease) return a.prerelease ? -1 : 1;
  return (a.prerelease ?? "").localeCompare(b.prerelease ?? "", "en", { numeric: true });
}

/** A user tag: a bare tag, or a full reference that must name the same repository as `image`. */
function userTag(image: ImageReference, input: string): string {
  const tag = userTagName(image, input);
  const reserved = reservedTag(tag);
  if (reserved) {
    throw new InputError(
      "tags",
      `'${input}' is reserved: the tag '${tag}' is ${reserved}, which greenlight moves itself`,
      "any other tag, e.g. 'v1' or 'edge'",
    );
  }
  return tag;
}

function userTagName(image: ImageReference, input: string): string {
  const text = input.trim();
  if (BARE_TAG.test(text)) return text;
  if (!text.includes("/") && !text.includes(":")) {
    throw new InputError("tags", `'${input}' is not a valid tag`, "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  }
  const ref = parseReference(text, "tags");
  const want = repositoryName(image);
  if (repositoryName(ref) !== want) {
    throw new InputError(
      "tags",
      `'${input}' is in repository ${repositoryName(ref)}, not in the image's repository ${want}`,
      `a bare tag such as 'v1', or ${want}:<tag>`,
    );
  }
  if (!ref.tag || ref.digest) {
    throw new InputError("tags", `'${input}' has no tag (or names a digest)`, `${want}:<tag>`);
  }
  return ref.tag;
}
