import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  chooseSigstoreInstance,
  keylessEndpoints
} from "./chunk-AD36U6MY.mjs";
import {
  KeySigner
} from "./chunk-BB2OMXZJ.mjs";
import {
  readGitState
} from "./chunk-4H3VVQUC.mjs";
import "./chunk-HLSVML6X.mjs";
import "./chunk-65AIQVL5.mjs";
import {
  GreenlightError
} from "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";

// src/provenance/git-source.ts
import { resolve } from "node:path";
var CLI_BUILDER_ID = "https://greenlight.dev/builders/cli/v1";
async function sourceFromGit(dir, builderId = CLI_BUILDER_ID) {
  const git = await readGitState(dir);
  if (!git.sha) {
    throw new GreenlightError(`${dir} is not a git repository with a commit`, {
      hint: "run greenlight from the checkout the image was built from, or pass the directory of one"
    });
  }
  const tag = git.tags[0];
  return {
    kind: "local",
    repositoryUrl: git.remoteUrl ?? `file://${resolve(dir)}`,
    ref: git.branch ? `refs/heads/${git.branch}` : tag ? `refs/tags/${tag}` : "HEAD",
    sha: git.sha,
    dirty: git.dirty ?? false,
    builderId
  };
}

// src/provenance/signers/index.ts
function createSigner(spec) {
  if (spec.mode === "key") return new KeySigner(spec.privateKeyPem);
  let keyless;
  return {
    mode: "keyless",
    endpoints: keylessEndpoints(spec),
    sign: async (statement) => {
      keyless ??= import("./chunk-IUBY6RF3.mjs").then(({ KeylessSigner }) => new KeylessSigner(spec));
      return (await keyless).sign(statement);
    }
  };
}

// src/provenance/source.ts
var REQUIRED = {
  repository: "GITHUB_REPOSITORY",
  ref: "GITHUB_REF",
  sha: "GITHUB_SHA",
  workflowRef: "GITHUB_WORKFLOW_REF",
  eventName: "GITHUB_EVENT_NAME",
  repositoryId: "GITHUB_REPOSITORY_ID",
  repositoryOwnerId: "GITHUB_REPOSITORY_OWNER_ID",
  runId: "GITHUB_RUN_ID"
};
function sourceFromGitHubRun(run, overrides = {}) {
  const missing = Object.entries(REQUIRED).filter(([field]) => !run[field]).map(([, variable]) => variable);
  if (missing.length > 0) {
    throw new GreenlightError(`GitHub Actions variables missing: ${missing.join(", ")}`, {
      hint: "run inside a GitHub Actions job, or use the CLI, which reads the local git repository"
    });
  }
  return {
    kind: "github",
    serverUrl: run.serverUrl,
    repository: run.repository,
    repositoryUrl: `${run.serverUrl}/${run.repository}`,
    ref: run.ref,
    sha: run.sha,
    workflowRef: run.workflowRef,
    jobWorkflowRef: overrides.jobWorkflowRef || run.workflowRef,
    eventName: run.eventName,
    repositoryId: run.repositoryId,
    repositoryOwnerId: run.repositoryOwnerId,
    runnerEnvironment: run.runnerEnvironment,
    runId: run.runId,
    runAttempt: run.runAttempt
  };
}

// src/commands/signing.ts
function signerFor(config, ctx) {
  const { mode, privateKeyPem, sigstoreInstance, privateSigstore } = config.signing;
  if (mode === "key" && privateKeyPem) return createSigner({ mode: "key", privateKeyPem });
  if (mode === "keyless") {
    const idToken = ctx.idToken;
    if (!idToken) {
      throw new GreenlightError("keyless signing needs the workflow's OIDC token", {
        hint: "give the job 'permissions: id-token: write', or use 'signing: key' with 'signing-key'"
      });
    }
    const instance = chooseSigstoreInstance(sigstoreInstance, ctx.github?.visibility);
    const signer = createSigner({
      mode: "keyless",
      instance,
      identityToken: () => idToken("sigstore"),
      ...privateSigstore ? { deployment: privateSigstore } : {}
    });
    if (privateSigstore)
      ctx.log.info(`keyless signing on a private Sigstore: ${describeServices(privateSigstore)}`);
    return signer;
  }
  throw new GreenlightError(`signing is '${mode}': nothing to sign with`, {
    hint: "set 'signing-key' (key mode) or run in Actions with id-token: write (keyless)"
  });
}
function describeServices(e) {
  return [`Fulcio ${e.fulcioUrl}`, e.rekorUrl && `Rekor ${e.rekorUrl}`, e.tsaUrl && `TSA ${e.tsaUrl}`].filter(Boolean).join(", ");
}
async function provenanceSourceFor(config, ctx) {
  if (!ctx.github) return sourceFromGit(config.build.context);
  const jobWorkflowRef = ctx.idToken ? tokenClaim(await ctx.idToken("sigstore"), "job_workflow_ref") : void 0;
  return sourceFromGitHubRun(ctx.github, jobWorkflowRef ? { jobWorkflowRef } : {});
}
function tokenClaim(jwt, claim) {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8"));
    return typeof payload[claim] === "string" ? payload[claim] : void 0;
  } catch {
    return void 0;
  }
}
export {
  provenanceSourceFor,
  signerFor
};
//# sourceMappingURL=chunk-BAK7ORIQ.mjs.map
