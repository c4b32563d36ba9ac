import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import { getTrustedRoot, type TUFOptions } from "@sigstore/tuf";
import { GreenlightError } from "../../errors";
import type { SigstoreInstance } from "../signers/keyless";
import { describeTrust, type TrustChoice } from "./choice";
import githubTufRoot from "./github-tuf-root.json";

// Loads the trust material a choice names: the `trusted-root` file's roots, or the instance's
// trusted_root.json through a TUF client, as `gh attestation verify` does.

/**
 * The initial TUF root a client starts from before walking the mirror's root chain. GitHub's is the
 * one GitHub's CLI embeds (shipped in this bundle); public-good's ships inside @sigstore/tuf.
 */
export const INITIAL_TUF_ROOTS: Partial<Record<SigstoreInstance, unknown>> = { github: githubTufRoot };

/** @sigstore/tuf's getTrustedRoot, or a double of it. */
export type FetchTrustedRoot = (options: TUFOptions) => Promise<TrustedRoot>;

export interface TufClientOptions {
  /** Where the TUF metadata and targets are kept between runs (one folder per mirror inside). */
  cacheDir: string;
  retries?: number;
  timeoutMs?: number;
  fetchTrustedRoot?: FetchTrustedRoot;
}

/**
 * The trusted roots fetched through TUF in one run, by mirror and cache folder: a digest with
 * several attestations fetches once. The run's RunServices owns one; a failed fetch is not kept.
 */
export type TrustedRootCache = Map<string, Promise<TrustedRoot>>;

/** The trusted root a choice names. Throws a GreenlightError that names the mirror when TUF fails. */
export async function loadTrustedRoot(
  choice: TrustChoice,
  options: TufClientOptions,
  fetched: TrustedRootCache = new Map(),
): Promise<TrustedRoot> {
  if (choice.source === "trusted-root")
    return mergeRoots(choice.file.roots.map((r) => TrustedRoot.fromJSON(r)));
  const key = `${choice.mirrorUrl}\n${options.cacheDir}`;
  let root = fetched.get(key);
  if (!root) {
    root = fetchThroughTuf(choice, options);
    fetched.set(key, root);
    root.catch(() => fetched.delete(key));
  }
  return root;
}

async function fetchThroughTuf(
  choice: Extract<TrustChoice, { source: "tuf" }>,
  options: TufClientOptions,
): Promise<TrustedRoot> {
  const tufOptions: TUFOptions = {
    mirrorURL: choice.mirrorUrl,
    cachePath: options.cacheDir,
    retry: { retries: options.retries ?? 2 },
    timeout: options.timeoutMs ?? 10_000,
  };
  try {
    const initial = INITIAL_TUF_ROOTS[choice.instance];
    if (initial) {
      await mkdir(options.cacheDir, { recursive: true });
      tufOptions.rootPath = join(options.cacheDir, `${choice.instance}-initial-root.json`);
      await writeFile(tufOptions.rootPath, JSON.stringify(initial));
    }
    return await (options.fetchTrustedRoot ?? getTrustedRoot)(tufOptions);
  } catch (error) {
    throw new GreenlightError(
      `could not get the trusted root of ${describeTrust(choice)}: ${causes(error)}`,
      {
        hint: `the runner must reach ${choice.mirrorUrl}; to verify without it, set 'trusted-root' to a trusted_root.json (for GitHub's instance: \`gh attestation trusted-root\`)`,
        cause: error,
      },
    );
  }
}

/** Several trusted roots (JSON lines) as one: every authority and log of each. */
function mergeRoots(roots: TrustedRoot[]): TrustedRoot {
  const [first] = roots as [TrustedRoot, ...TrustedRoot[]];
  return {
    ...first,
    tlogs: roots.flatMap((r) => r.tlogs),
    certificateAuthorities: roots.flatMap((r) => r.certificateAuthorities),
    ctlogs: roots.flatMap((r) => r.ctlogs),
    timestampAuthorities: roots.flatMap((r) => r.timestampAuthorities),
  };
}

function causes(error: unknown): string {
  const parts: string[] = [];
  for (let e = error, depth = 0; e && depth < 4; depth++) {
    const message = e instanceof Error ? e.message : String(e);
    if (!parts.includes(message)) parts.push(message);
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join(": ");
}
