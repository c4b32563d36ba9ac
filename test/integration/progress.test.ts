// Progress where people wait, from real runs on the stack: `attest` says where it wrote the Sigstore
// bundle and which referrer it pushed (the build's own output and the watch are asserted in
// build-buildx/build-classic and insight.test.ts; their formatting in the unit tests).

import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair } from "../../src/provenance/signers";
import { commandRunner } from "../support/command";
import { dockerConfig, pushApp, stack, uniqueApp } from "./deploy.support";

const repo = `test/${uniqueApp("progress")}`;
let work = "";
let image = "";
const { command } = commandRunner({ password: stack.password, tempDir: () => work });

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "gl-progress-"));
  await writeFile(join(work, "k.key"), generateKeyPair().privateKeyPem);
  image = await pushApp(await dockerConfig(), repo, "v1");
}, 300_000);

describe("attest says where the bundle went", () => {
  it("the file it wrote and the referrer it pushed, as the outputs name them", async () => {
    const { result, log } = await command("attest", [
      ...["--image", image, "--username", stack.username],
      ...["--signing-key-file", join(work, "k.key")],
    ]);
    const bundle = result.outputs["bundle-path"] as string;
    const digest = image.split("@")[1] as string;
    expect(existsSync(bundle)).toBe(true);
    expect(JSON.parse(readFileSync(bundle, "utf8")).mediaType).toMatch(/sigstore\.bundle/);
    expect(log.lines).toContain(
      `signed https://slsa.dev/provenance/v1 for ${digest}; Sigstore bundle written to ${bundle}`,
    );
    expect(log.lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^attached the bundle to ${stack.registry}/${repo}@${digest} as referrer ${result.outputs["attestation-digest"]} \\((referrers-api|tag-schema)\\)$`,
        ),
      ),
    );
  });
});
