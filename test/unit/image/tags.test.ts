import { describe, expect, it } from "vitest";
import type { GitState } from "../../../src/git";
import { parseReference } from "../../../src/image/reference";
import { computeTags, sanitiseTag, semverOf } from "../../../src/image/tags";

const image = parseReference("127.0.0.1:5000/org/app");
const sha = "0123456789abcdef0123456789abcdef01234567";

describe("computeTags", () => {
  it.each<[string, GitState, string[], boolean, string[]]>([
    ["detached HEAD", { sha, tags: [] }, [], false, ["sha-0123456"]],
    ["branch", { sha, branch: "main", tags: [] }, [], false, ["sha-0123456", "main"]],
    [
      "branch with slashes and upper case",
      { sha, branch: "Feature/ABC_1+x", tags: [] },
      [],
      false,
      ["sha-0123456", "feature-abc_1-x"],
    ],
    ["branch with a leading dot", { sha, branch: ".hidden", tags: [] }, [], false, ["sha-0123456", "hidden"]],
    ["tag v1.2.3", { sha, tags: ["v1.2.3"] }, [], false, ["sha-0123456", "1.2.3", "1.2", "1"]],
    [
      "tag v1.2.3 with latest",
      { sha, tags: ["v1.2.3"] },
      [],
      true,
      ["sha-0123456", "1.2.3", "1.2", "1", "latest"],
    ],
    [
      "prerelease v1.2.3-rc.1, latest asked",
      { sha, tags: ["v1.2.3-rc.1"] },
      [],
      true,
      ["sha-0123456", "1.2.3-rc.1"],
    ],
    ["0.y.z has no major tag", { sha, tags: ["v0.4.0"] }, [], false, ["sha-0123456", "0.4.0", "0.4"]],
    [
      "build metadata dropped",
      { sha, tags: ["v2.0.0+build.5"] },
      [],
      false,
      ["sha-0123456", "2.0.0", "2.0", "2"],
    ],
    [
      "highest semver wins, non-semver ignored",
      { sha, tags: ["release", "v1.0.0", "v1.10.0"] },
      [],
      false,
      ["sha-0123456", "1.10.0", "1.10", "1"],
    ],
    [
      "pull request",
      { sha, branch: "feature/x", pullRequest: 12, tags: [] },
      [],
      false,
      ["sha-0123456", "pr-12"],
    ],
    [
      "user tags bare and full, deduplicated",
      { sha, branch: "main", tags: [] },
      ["edge", "127.0.0.1:5000/org/app:v9", "main"],
      false,
      ["sha-0123456", "main", "edge", "v9"],
    ],
    ["no git, user tag only", { tags: [] }, ["latest"], false, ["latest"]],
  ])("%s", (_name, git, user, latest, expected) => {
    expect(computeTags(image, git, user, { latest })).toEqual(expected);
  });

  it.each([
    [
      "other repository",
      "127.0.0.1:5000/org/other:v1",
      /tags.*127\.0\.0\.1:5000\/org\/other.*127\.0\.0\.1:5000\/org\/app/,
    ],
    ["other registry", "ghcr.io/org/app:v1", /tags.*ghcr\.io\/org\/app/],
    ["short name resolves to Docker Hub", "app:v1", /tags.*docker\.io\/library\/app/],
    ["digest instead of tag", `127.0.0.1:5000/org/app@sha256:${"a".repeat(64)}`, /tags.*has no tag/],
    ["invalid bare tag", "bad tag", /tags.*not a valid tag/],
  ])("refuses %s", (_name, input, message) => {
    expect(() => computeTags(image, { tags: [] }, [input])).toThrow(message);
  });
});

describe("sanitiseTag", () => {
  it.each([
    ["main", "main"],
    ["Dependabot/NPM/x@1.2", "dependabot-npm-x-1.2"],
    ["--x", "x"],
    ["a".repeat(200), "a".repeat(128)],
  ])("%s → %s", (input, expected) => expect(sanitiseTag(input)).toBe(expected));
});

describe("semverOf", () => {
  it("prefers a release over its prerelease", () => {
    expect(semverOf(["v1.2.3-rc.1", "v1.2.3"])).toEqual({ major: 1, minor: 2, patch: 3 });
  });
  it("orders prereleases numerically", () => {
    expect(semverOf(["v1.0.0-rc.2", "v1.0.0-rc.10"])?.prerelease).toBe("rc.10");
  });
});

// Tags greenlight itself moves in the image's repository: the ledger head (`greenlight.ledger.<env>`)
// and the Referrers Tag Schema index of a digest (`sha256-<64 hex>`). A build must never overwrite them.
describe("reserved tags", () => {
  const hex = "0123456789abcdef".repeat(4);

  it.each([
    ["the ledger head of production", "greenlight.ledger.production", "greenlight.ledger.production"],
    ["a ledger head in upper case", "Greenlight.Ledger.Staging", "greenlight.ledger.staging"],
    ["the referrers index of a digest", `sha256-${hex}`, `sha256-${hex}`],
    ["a referrers index, upper-case hex", `SHA256-${hex.toUpperCase()}`, `sha256-${hex}`],
  ])("a branch naming %s is skipped with a warning naming the branch", (_name, branch, tag) => {
    const warnings: string[] = [];
    const tags = computeTags(image, { sha, branch, tags: [] }, [], { warn: (w) => warnings.push(w) });
    expect(tags).toEqual(["sha-0123456"]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`branch '${branch}'`);
    expect(warnings[0]).toContain(`'${tag}'`);
  });

  it.each([
    ["greenlight.ledger.production"],
    ["greenlight.ledger.x"],
    [`sha256-${hex}`],
    [`127.0.0.1:5000/org/app:greenlight.ledger.production`],
    [`127.0.0.1:5000/org/app:sha256-${hex}`],
  ])("a user tag %s is refused, naming the tag", (input) => {
    expect(() => computeTags(image, { sha, tags: [] }, [input])).toThrow(
      /input 'tags': '.*(greenlight\.ledger\.|sha256-).*' is reserved/,
    );
  });

  it.each([
    ["sha256-abc (not a digest)", "sha256-abc"],
    ["greenlight-ledger", "greenlight-ledger"],
    ["ledger", "ledger"],
  ])("an ordinary tag like %s is kept", (_name, input) => {
    expect(computeTags(image, { sha, tags: [] }, [input])).toEqual(["sha-0123456", input]);
  });
});
