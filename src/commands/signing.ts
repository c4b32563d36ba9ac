import type { Config } from "../config";
import type { RunContext } from "../context";
import { GreenlightError } from "../errors";
import { sourceFromGit } from "../provenance/git-source";
import {
  chooseSigstoreInstance,
  createSigner,
  type Signer,
  type SigstoreEndpoints,
} from "../provenance/signers";
import { type ProvenanceSource, sourceFromGitHubRun } from "../provenance/source";

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
    const instance = chooseSigstoreInstance(sigstoreInstance, ctx.github?.visibility);
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

/**
 * In Actions the statement describes the workflow run; elsewhere the local git checkout. Inside a
 * reusable workflow only the OIDC token names the job's workflow (`job_workflow_ref`).
 */
export async function provenanceSourceFor(config: Config, ctx: RunContext): Promise<ProvenanceSource> {
  if (!ctx.github) return sourceFromGit(config.build.context);
  const jobWorkflowRef = ctx.idToken
    ? tokenClaim(await ctx.idToken("sigstore"), "job_workflow_ref")
    : undefined;
  return sourceFromGitHubRun(ctx.github, jobWorkflowRef ? { jobWorkflowRef } : {});
}

function tokenClaim(jwt: string, claim: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8"));
    return typeof payload[claim] === "string" ? payload[claim] : undefined;
  } catch {
    return undefined;
  }
}
