import { describe, expect, it } from "vitest";
import type { BuildPlan } from "../../../src/image/build";
import { buildxArgs } from "../../../src/image/buildx";
import { classicBuildArgs } from "../../../src/image/classic";

const base: BuildPlan = {
  context: "examples/app",
  refs: ["127.0.0.1:5000/org/app:sha-0123456", "127.0.0.1:5000/org/app:main"],
  labels: { "org.opencontainers.image.revision": "0123456" },
  buildArgs: [["VERSION", "1.2.3"]],
  platforms: [],
  push: true,
  cacheFrom: [],
  cacheTo: [],
  env: {},
};

describe("buildxArgs", () => {
  it.each<[string, Partial<BuildPlan>, string | undefined, string[]]>([
    [
      "push, one platform default",
      {},
      "greenlight",
      [
        "buildx",
        "build",
        "--builder",
        "greenlight",
        "--tag",
        "127.0.0.1:5000/org/app:sha-0123456",
        "--tag",
        "127.0.0.1:5000/org/app:main",
        "--label",
        "org.opencontainers.image.revision=0123456",
        "--build-arg",
        "VERSION=1.2.3",
        "--metadata-file",
        "/tmp/m.json",
        "--progress=plain",
        "--provenance=false",
        "--push",
        "examples/app",
      ],
    ],
    [
      "file, two platforms, cache, current builder",
      {
        file: "examples/app/Dockerfile",
        refs: ["r/a:t"],
        labels: {},
        buildArgs: [],
        platforms: ["linux/amd64", "linux/arm64"],
        cacheFrom: ["type=gha,scope=a"],
        cacheTo: ["type=gha,scope=a,mode=max"],
      },
      undefined,
      [
        "buildx",
        "build",
        "--file",
        "examples/app/Dockerfile",
        "--tag",
        "r/a:t",
        "--platform",
        "linux/amd64,linux/arm64",
        "--cache-from",
        "type=gha,scope=a",
        "--cache-to",
        "type=gha,scope=a,mode=max",
        "--metadata-file",
        "/tmp/m.json",
        "--progress=plain",
        "--provenance=false",
        "--push",
        "examples/app",
      ],
    ],
    [
      "no push, one platform: load into docker",
      { push: false, refs: ["r/a:t"], labels: {}, buildArgs: [] },
      undefined,
      [
        "buildx",
        "build",
        "--tag",
        "r/a:t",
        "--metadata-file",
        "/tmp/m.json",
        "--progress=plain",
        "--provenance=false",
        "--load",
        "examples/app",
      ],
    ],
    [
      "no push, two platforms: build only",
      { push: false, refs: ["r/a:t"], labels: {}, buildArgs: [], platforms: ["linux/amd64", "linux/arm64"] },
      undefined,
      [
        "buildx",
        "build",
        "--tag",
        "r/a:t",
        "--platform",
        "linux/amd64,linux/arm64",
        "--metadata-file",
        "/tmp/m.json",
        "--progress=plain",
        "--provenance=false",
        "examples/app",
      ],
    ],
  ])("%s", (_name, change, builder, expected) => {
    expect(buildxArgs({ ...base, ...change }, builder, "/tmp/m.json")).toEqual(expected);
  });
});

describe("classicBuildArgs", () => {
  it.each<[string, Partial<BuildPlan>, string[]]>([
    [
      "default",
      {},
      [
        "build",
        "--label",
        "org.opencontainers.image.revision=0123456",
        "--build-arg",
        "VERSION=1.2.3",
        "--tag",
        "127.0.0.1:5000/org/app:sha-0123456",
        "--tag",
        "127.0.0.1:5000/org/app:main",
        "--iidfile",
        "/tmp/iid",
        "examples/app",
      ],
    ],
    [
      "file, one platform, cache-from image",
      {
        file: "Dockerfile.prod",
        refs: ["r/a:t"],
        labels: {},
        buildArgs: [],
        platforms: ["linux/amd64"],
        cacheFrom: ["r/a:cache"],
      },
      [
        "build",
        "--file",
        "Dockerfile.prod",
        "--platform",
        "linux/amd64",
        "--cache-from",
        "r/a:cache",
        "--tag",
        "r/a:t",
        "--iidfile",
        "/tmp/iid",
        "examples/app",
      ],
    ],
  ])("%s", (_name, change, expected) => {
    expect(classicBuildArgs({ ...base, ...change }, "/tmp/iid")).toEqual(expected);
  });

  it("refuses a multi-platform build, naming the input 'platforms'", () => {
    expect(() =>
      classicBuildArgs({ ...base, platforms: ["linux/amd64", "linux/arm64"] }, "/tmp/iid"),
    ).toThrow(/input 'platforms'.*classic builder cannot/);
  });
});
