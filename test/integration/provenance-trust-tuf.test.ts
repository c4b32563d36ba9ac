// How greenlight gets a Sigstore instance's trusted root through TUF, offline: GitHub's TUF mirror and
// public Sigstore's cannot be reached from here, so the mirror is a loopback double (or a closed port),
// and the one test of the options handed to @sigstore/tuf uses a double of its getTrustedRoot.
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import type { TUFOptions } from "@sigstore/tuf";
import { afterEach, describe, expect, it } from "vitest";
import { type TrustChoice, TUF_MIRRORS } from "../../src/provenance/trust/choice";
import { loadTrustedRoot } from "../../src/provenance/trust/material";

const GITHUB_ROOT = JSON.parse(
  readFileSync(new URL("../../src/provenance/trust/github-tuf-root.json", import.meta.url), "utf8"),
);
const cacheDir = () => mkdtempSync(join(tmpdir(), "greenlight-tuf-"));
const tuf = (instance: "github" | "public-good", mirrorUrl = TUF_MIRRORS[instance]): TrustChoice => ({
  source: "tuf",
  instance,
  mirrorUrl,
});

describe("the TUF client for a Sigstore instance", () => {
  it("starts GitHub's instance from GitHub's initial root on https://tuf-repo.github.com, cached in the given folder", async () => {
    const dir = cacheDir();
    const seen: TUFOptions[] = [];
    // A double of @sigstore/tuf's getTrustedRoot: the real one would go to GitHub.
    const getTrustedRootDouble = async (options: TUFOptions) => {
      seen.push({ ...options, rootPath: JSON.parse(readFileSync(options.rootPath ?? "", "utf8")) });
      return TrustedRoot.fromJSON({ mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1" });
    };
    const run = new Map(); // one run's cache: the second check reuses the first fetch
    await loadTrustedRoot(tuf("github"), { cacheDir: dir, fetchTrustedRoot: getTrustedRootDouble }, run);
    await loadTrustedRoot(tuf("github"), { cacheDir: dir, fetchTrustedRoot: getTrustedRootDouble }, run);
    expect(seen).toEqual([
      {
        mirrorURL: "https://tuf-repo.github.com",
        cachePath: dir,
        rootPath: GITHUB_ROOT,
        retry: { retries: 2 },
        timeout: 10_000,
      },
    ]);
  });

  it("starts public-good Sigstore from @sigstore/tuf's own seed (no root file)", async () => {
    const dir = cacheDir();
    const seen: TUFOptions[] = [];
    await loadTrustedRoot(tuf("public-good"), {
      cacheDir: dir,
      fetchTrustedRoot: async (options) => {
        seen.push(options);
        return TrustedRoot.fromJSON({});
      },
    });
    expect(seen).toEqual([
      {
        mirrorURL: "https://tuf-repo-cdn.sigstore.dev",
        cachePath: dir,
        retry: { retries: 2 },
        timeout: 10_000,
      },
    ]);
  });

  describe("with the real @sigstore/tuf", () => {
    let server: Server | undefined;
    afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

    /** A mirror double with no root newer than the initial one (404), and a placeholder timestamp. */
    async function staleMirror(requests: string[]): Promise<string> {
      const mirror = createServer((req, res) => {
        requests.push(req.url ?? "");
        if (req.url === "/timestamp.json") res.writeHead(200).end("{}");
        else res.writeHead(404).end();
      });
      server = mirror;
      await new Promise<void>((resolve) => mirror.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`;
    }

    it("walks the mirror's root chain from GitHub's root (version 3) and caches it", async () => {
      const requests: string[] = [];
      const mirror = await staleMirror(requests);
      const dir = cacheDir();
      // GitHub's initial root (version 3) expired in 2025: with no newer root on the mirror, TUF refuses
      // it before it reads the timestamp.
      await expect(loadTrustedRoot(tuf("github", mirror), { cacheDir: dir, retries: 0 })).rejects.toThrow(
        `could not get the trusted root of GitHub's Sigstore instance (TUF mirror ${mirror}): error refreshing TUF metadata: Final root.json is expired`,
      );
      expect(requests).toEqual(["/4.root.json", "/timestamp.json"]);
      const cached = join(dir, encodeURIComponent(new URL(mirror).host), "root.json");
      expect(JSON.parse(readFileSync(cached, "utf8"))).toEqual(GITHUB_ROOT);
    });

    it("names the mirror and suggests trusted-root when the mirror cannot be reached", async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
      const mirror = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const error: Error & { hint?: string } = await loadTrustedRoot(tuf("github", mirror), {
        cacheDir: cacheDir(),
        retries: 0,
      }).then(
        () => new Error("loaded"),
        (e: Error) => e,
      );
      expect(error.message).toMatch(
        new RegExp(
          `^could not get the trusted root of GitHub's Sigstore instance \\(TUF mirror ${mirror}\\): .*ECONNREFUSED`,
        ),
      );
      expect(error.hint).toBe(
        `the runner must reach ${mirror}; to verify without it, set 'trusted-root' to a trusted_root.json (for GitHub's instance: \`gh attestation trusted-root\`)`,
      );
    });
  });
});
