/** Every output of the action; the CLI prints the same names as `name=value` lines. */
export const OUTPUTS = {
  digest: "Manifest digest (sha256:…) of the image; the index digest for multi-platform builds",
  image: "The image pinned by digest: registry/repository@sha256:…",
  tags: "Tags pushed (newline separated)",
  metadata: "Build result as JSON (digest, tags, platforms, sizes, durations)",
  "attestation-digest": "Digest of the provenance attestation attached to the image",
  "bundle-path": "Path of the Sigstore bundle written by attest",
  verified: "true when the digest's provenance met the policy",
  color: "Color serving live traffic after the command (blue or green)",
  url: "Live URL",
  "preview-url": "Preview URL of the staged color",
  "previous-digest": "Digest that was live before this command",
  "release-id": "Ledger id of this release",
  "live-digest": "Digest serving live traffic",
  drift: "Drift between what runs and the ledger (empty when none)",
  history: "history: the change log in `format` (text, json or markdown)",
  metrics: "metrics: the figures in `format` (text, json or openmetrics)",
} as const;

export type OutputName = keyof typeof OUTPUTS;
export type Outputs = Partial<Record<OutputName, string>>;
