import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  parseReference,
  repositoryName
} from "./chunk-UEFSGM5H.mjs";
import {
  InputError
} from "./chunk-XAPMUR2Q.mjs";

// src/image/tags.ts
var BARE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
var SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:[0-9A-Za-z-]+)(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;
function reservedTag(tag) {
  if (/^greenlight\.ledger(\.|$)/i.test(tag))
    return "the release ledger's tag (greenlight.ledger.<environment>)";
  if (/^sha256-[0-9a-f]{64}$/i.test(tag)) return "a referrers index tag (sha256-<digest hex>)";
  return void 0;
}
function computeTags(image, git, userTags, options = {}) {
  const tags = [];
  if (git.sha) tags.push(shortShaTag(git.sha));
  if (git.pullRequest !== void 0) tags.push(`pr-${git.pullRequest}`);
  else if (git.branch) {
    const branch = sanitiseTag(git.branch);
    const reserved = reservedTag(branch);
    if (reserved) {
      options.warn?.(
        `branch '${git.branch}' is not tagged: its tag '${branch}' would overwrite ${reserved}; the image keeps its other tags`
      );
    } else if (branch) tags.push(branch);
  }
  const version = semverOf(git.tags);
  if (version) tags.push(...semverTags(version, options.latest ?? false));
  for (const input of userTags) tags.push(userTag(image, input));
  return [...new Set(tags)];
}
function shortShaTag(sha) {
  return `sha-${sha.slice(0, 7).toLowerCase()}`;
}
function sanitiseTag(name) {
  return name.toLowerCase().replace(/[^a-z0-9._-]/g, "-").replace(/^[.-]+/, "").slice(0, 128);
}
function semverOf(gitTags) {
  const versions = gitTags.map(parseSemver).filter((v) => v !== void 0);
  return versions.sort(compareSemver).at(-1);
}
function parseSemver(tag) {
  const m = SEMVER.exec(tag.trim());
  if (!m) return void 0;
  const version = { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
  if (m[4]) version.prerelease = m[4];
  return version;
}
function formatSemver(v) {
  return `${v.major}.${v.minor}.${v.patch}${v.prerelease ? `-${v.prerelease}` : ""}`;
}
function semverTags(v, latest) {
  const full = formatSemver(v);
  if (v.prerelease) return [full];
  const tags = [full, `${v.major}.${v.minor}`];
  if (v.major > 0) tags.push(`${v.major}`);
  if (latest) tags.push("latest");
  return tags;
}
function compareSemver(a, b) {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return core;
  if (!a.prerelease !== !b.prerelease) return a.prerelease ? -1 : 1;
  return (a.prerelease ?? "").localeCompare(b.prerelease ?? "", "en", { numeric: true });
}
function userTag(image, input) {
  const tag = userTagName(image, input);
  const reserved = reservedTag(tag);
  if (reserved) {
    throw new InputError(
      "tags",
      `'${input}' is reserved: the tag '${tag}' is ${reserved}, which greenlight moves itself`,
      "any other tag, e.g. 'v1' or 'edge'"
    );
  }
  return tag;
}
function userTagName(image, input) {
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
      `a bare tag such as 'v1', or ${want}:<tag>`
    );
  }
  if (!ref.tag || ref.digest) {
    throw new InputError("tags", `'${input}' has no tag (or names a digest)`, `${want}:<tag>`);
  }
  return ref.tag;
}

export {
  computeTags,
  shortShaTag,
  semverOf,
  formatSemver
};
//# sourceMappingURL=chunk-YKFOBVSN.mjs.map
