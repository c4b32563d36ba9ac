import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  attachAttestation,
  buildProvenance
} from "./chunk-ARYB7FQK.mjs";
import {
  repositoryName
} from "./chunk-UEFSGM5H.mjs";
import {
  GreenlightError
} from "./chunk-XAPMUR2Q.mjs";

// src/commands/attestation.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
async function attestDigest(s, digest) {
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
          signed.attestationDigest ? `${signed.attestationDigest} (${signed.mode})` : "not pushed"
        ],
        ["bundle", signed.bundlePath]
      ]
    }
  };
}
async function signAndAttach(s, digest, statement) {
  const { config, ctx } = s;
  const image = s.image();
  const bundle = await (await s.signer()).sign(statement);
  const dir = join(ctx.env.RUNNER_TEMP || join(config.workdir, ".greenlight"), "attestations");
  mkdirSync(dir, { recursive: true });
  const kind = statement.predicateType.includes("test-result") ? "test-result" : "provenance";
  const bundlePath = join(dir, `${digest.slice(7, 19)}.${kind}.sigstore.json`);
  writeFileSync(bundlePath, `${JSON.stringify(bundle)}
`);
  ctx.log.info(`signed ${statement.predicateType} for ${digest}; Sigstore bundle written to ${bundlePath}`);
  if (config.attest.githubAttestations) {
    if (!ctx.attestationUpload) {
      throw new GreenlightError("github-attestations is true but there is no GitHub token here", {
        hint: "run in GitHub Actions with github-token and attestations: write"
      });
    }
    ctx.log.info(`stored in GitHub's attestations API as ${await ctx.attestationUpload(bundle)}`);
  }
  if (!config.attest.pushToRegistry) return { bundlePath, attestationDigest: void 0, mode: void 0 };
  const client = s.registryClient(image.registry);
  const attached = await attachAttestation(client, image.repository, digest, bundle, statement.predicateType);
  ctx.log.info(
    `attached the bundle to ${repositoryName(image)}@${digest} as referrer ${attached.digest} (${attached.mode})`
  );
  return { bundlePath, attestationDigest: attached.digest, mode: attached.mode };
}

export {
  attestDigest,
  signAndAttach
};
//# sourceMappingURL=chunk-R2A6XMDS.mjs.map
