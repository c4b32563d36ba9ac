import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CommandResult } from "../command-result";
import { GreenlightError } from "../errors";
import { repositoryName } from "../image/reference";
import { attachAttestation } from "../provenance/attach";
import { buildProvenance, type Statement } from "../provenance/statement";
import type { RunServices } from "./services";

/** Signs provenance for a digest and attaches it (attest, build and release). */
export async function attestDigest(s: RunServices, digest: string): Promise<CommandResult> {
  const { config, ctx } = s;
  const image = s.image();
  const source = await s.provenanceSource();
  const statement = buildProvenance({ name: repositoryName(image), digest }, source);
  const signed = await ctx.log.group("Attest provenance", () => signAndAttach(s, digest, statement));
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
  s: RunServices,
  digest: string,
  statement: Statement<unknown>,
): Promise<Signed> {
  const { config, ctx } = s;
  const image = s.image();
  const bundle = await (await s.signer()).sign(statement);
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
  const client = s.registryClient(image.registry);
  const attached = await attachAttestation(client, image.repository, digest, bundle, statement.predicateType);
  ctx.log.info(
    `attached the bundle to ${repositoryName(image)}@${digest} as referrer ${attached.digest} (${attached.mode})`,
  );
  return { bundlePath, attestationDigest: attached.digest, mode: attached.mode };
}
