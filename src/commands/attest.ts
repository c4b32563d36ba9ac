import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config";
import type { RunContext } from "../context";
import { GreenlightError } from "../errors";
import { repositoryName } from "../image/reference";
import { attachAttestation } from "../provenance/attach";
import { type BuildContext, contextFromGitHubEnv } from "../provenance/context";
import { contextFromGit } from "../provenance/git-context";
import {
  chooseSigstoreInstance,
  createSigner,
  type Signer,
  type SigstoreEndpoints,
} from "../provenance/signers";
import { buildProvenance, type Statement } from "../provenance/statement";
import type { CommandResult } from "../run";
import { registryClient, requireImage } from "./registry";
import { requireDigest } from "./verify";

/** `attest`: sign SLSA provenance for `subject-digest` and attach it to the image. */
export async function attest(config: Config, ctx: RunContext): Promise<CommandResult> {
  return attestDigest(config, ctx, requireDigest(config));
}

/** Signs provenance for a digest and attaches it (also used by build and release). */
export async function attestDigest(config: Config, ctx: RunContext, digest: string): Promise<CommandResult> {
  const image = requireImage(config);
  const source = await buildContext(config, ctx);
  const statement = buildProvenance({ name: repositoryName(image), digest }, source);
  const signed = await ctx.log.group("Attest provenance", () =>
    signAndAttach(config, ctx, digest, statement),
  );
  return {
    outputs: { "attestation-digest": signed.attestationDigest ?? "", "bundle-path": signed.bundlePath },
    report: {
      title: `Attested ${repositoryName(image)}@${digest}`,
      facts: [
        ["provenance", `${statement.predicateType} signed (${config.signing.mode})`],
        [
          "attestation",
          signed.attestationDigest ? `${signed.attestationDigest} (${signed.mode})` : "not pushed",
        ],
        ["bundle", signed.bundlePath],
      ],
    },
  };
}

export interface Signed {
  bundlePath: string;
  attestationDigest: string | undefined;
  mode: string | undefined;
}

/** Signs a statement about a digest, keeps the bundle as a file and attaches it to the image. */
export async function signAndAttach(
  config: Config,
  ctx: RunContext,
  digest: string,
  statement: Statement<unknown>,
): Promise<Signed> {
  const image = requireImage(config);
  const bundle = await signerFor(config, ctx).sign(statement);
  const dir = join(ctx.env.RUNNER_TEMP || join(config.workdir, ".greenlight"), "attestations");
  mkdirSync(dir, { recursive: true });
  const kind = statement.predicateType.includes("test-result") ? "test-result" : "provenance";
  const bundlePath = join(dir, `${digest.slice(7, 19)}.${kind}.sigstore.json`);
  writeFileSync(bundlePath, `${JSON.stringify(bundle)}\n`);
  ctx.log.info(`signed ${statement.predicateType} for ${digest}; Sigstore bundle written to ${bundlePath}`);
  if (config.attest.githubAttestations) {
    if (!ctx.attestationUpload) {
      throw new GreenlightError("github-attestations is true but there is no GitHub token here", {
        hint: "run in GitHub Actions with github-token and attestations: write",
      });
    }
    ctx.log.info(`stored in GitHub's attestations API as ${await ctx.attestationUpload(bundle)}`);
  }
  if (!config.attest.pushToRegistry) return { bundlePath, attestationDigest: undefined, mode: undefined };
  const client = registryClient(config, ctx, image.registry);
  const attached = await attachAttestation(client, image.repository, digest, bundle, statement.predicateType);
  ctx.log.info(
    `attached the bundle to ${repositoryName(image)}@${digest} as referrer ${attached.digest} (${attached.mode})`,
  );
  return { bundlePath, attestationDigest: attached.digest, mode: attached.mode };
}

/** The signer chosen once from the configuration; keyless needs the workflow's OIDC token. */
export function signerFor(config: Config, ctx: RunContext): Signer {
  const { mode, privateKeyPem, sigstoreInstance, privateSigstore } = config.signing;
  if (mode === "key" && privateKeyPem) return createSigner({ mode: "key", privateKeyPem });
  if (mode === "keyless") {
    const idToken = ctx.idToken;
    if (!idToken) {
      throw new GreenlightError("keyless signing needs the workflow's OIDC token", {
        hint: "give the job 'permissions: id-token: write', or use 'signing: key' with 'signing-key'",
      });
    }
    const instance = chooseSigstoreInstance(sigstoreInstance, repositoryVisibility(ctx.env));
    const signer = createSigner({
      mode: "keyless",
      instance,
      identityToken: () => idToken("sigstore"),
      ...(privateSigstore ? { deployment: privateSigstore } : {}),
    });
    if (privateSigstore)
      ctx.log.info(`keyless signing on a private Sigstore: ${describeServices(privateSigstore)}`);
    return signer;
  }
  throw new GreenlightError(`signing is '${mode}': nothing to sign with`, {
    hint: "set 'signing-key' (key mode) or run in Actions with id-token: write (keyless)",
  });
}

function describeServices(e: SigstoreEndpoints): string {
  return [`Fulcio ${e.fulcioUrl}`, e.rekorUrl && `Rekor ${e.rekorUrl}`, e.tsaUrl && `TSA ${e.tsaUrl}`]
    .filter(Boolean)
    .join(", ");
}

/** The repository's visibility from the workflow event payload; undefined outside Actions. */
function repositoryVisibility(env: NodeJS.ProcessEnv): string | undefined {
  try {
    return JSON.parse(readFileSync(env.GITHUB_EVENT_PATH ?? "", "utf8"))?.repository?.visibility;
  } catch {
    return undefined;
  }
}

/**
 * In Actions the statement describes the workflow run; elsewhere the local git checkout. Inside a
 * reusable workflow only the OIDC token names the job's workflow (`job_workflow_ref`).
 */
export async function buildContext(config: Config, ctx: RunContext): Promise<BuildContext> {
  if (ctx.env.GITHUB_ACTIONS !== "true") return contextFromGit(config.build.context);
  const jobWorkflowRef = ctx.idToken
    ? tokenClaim(await ctx.idToken("sigstore"), "job_workflow_ref")
    : undefined;
  return contextFromGitHubEnv(ctx.env, jobWorkflowRef ? { jobWorkflowRef } : {});
}

function tokenClaim(jwt: string, claim: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8"));
    return typeof payload[claim] === "string" ? payload[claim] : undefined;
  } catch {
    return undefined;
  }
}
