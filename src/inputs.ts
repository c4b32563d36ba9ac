/**
 * Every input of the action, which is also every flag of the CLI (`--<name> value`). action.yml and
 * the README's table are checked against this list by a test, so it is the one place to add an input.
 */
export interface InputSpec {
  description: string;
  default?: string;
}

export const INPUTS = {
  command: {
    description:
      "What to run: release, build, attest, verify, deploy, promote, reject, rollback, status, unlock, history or metrics",
    default: "release",
  },
  "config-file": {
    description:
      "Settings file: defaults and per-environment settings under environments (default: greenlight.yml in the workspace, when there is one); inputs given here override it",
  },
  image: {
    description:
      "Repository to push to and deploy from (e.g. ghcr.io/org/app); deploy and verify also take repo@sha256:…",
  },
  username: { description: "Registry username (default: the docker config's credentials)" },
  password: { description: "Registry password or token" },
  context: { description: "Build context", default: "." },
  file: { description: "Path to the Dockerfile (default: <context>/Dockerfile)" },
  tags: {
    description: "Extra tags (newline or comma separated); sha-<short>, branch and semver tags are added",
  },
  labels: { description: "Extra labels (newline separated key=value)" },
  "build-args": { description: "Build arguments (newline separated KEY=value)" },
  platforms: { description: "Target platforms, e.g. linux/amd64,linux/arm64 (needs buildx)" },
  push: { description: "Push the image (a digest exists only for a pushed image)", default: "true" },
  builder: { description: "auto (buildx when available), buildx or classic", default: "auto" },
  "buildx-builder": { description: "Name of the buildx builder instance to use" },
  "cache-from": { description: "buildx cache sources (newline separated)" },
  "cache-to": { description: "buildx cache exports (newline separated)" },
  signing: {
    description:
      "Provenance signing: auto (keyless in Actions with id-token, key when a key is set), keyless, key or none",
    default: "auto",
  },
  "signing-key": { description: "ECDSA P-256 private key (PKCS#8 PEM) for key signing" },
  "signing-key-file": { description: "Path to the private key for key signing" },
  "sigstore-instance": {
    description:
      "Keyless Sigstore instance: auto (signing: GitHub's for private repositories; verifying: the certificate's issuer), public-good or github",
    default: "auto",
  },
  "trusted-root": {
    description:
      "Keyless verify: a Sigstore trusted_root.json (its path, or its JSON) to verify against instead of fetching it through TUF (air-gapped, GHES, private Sigstore)",
  },
  "fulcio-url": {
    description:
      "Keyless signing on a private Sigstore deployment: its Fulcio's base URL (https; http only on loopback); needs trusted-root",
  },
  "rekor-url": {
    description: "Private Sigstore: its Rekor's base URL (with fulcio-url; rekor-url, tsa-url or both)",
  },
  "tsa-url": { description: "Private Sigstore: its timestamp authority's URL (with fulcio-url)" },
  "subject-name": { description: "attest/verify: image name without tag (default: image)" },
  "subject-digest": {
    description: "attest/verify/deploy: the sha256:<hex> digest to act on (or pin it in image)",
  },
  "push-to-registry": { description: "Attach attestations to the image in the registry", default: "true" },
  "github-attestations": {
    description: "Also store attestations through GitHub's attestations API (needs attestations: write)",
    default: "false",
  },
  verify: { description: "Verify provenance before deploy and rollback", default: "true" },
  "public-key": { description: "Trusted public key (PEM) for verifying key-signed provenance" },
  "public-key-file": { description: "Path to the trusted public key" },
  "certificate-identity": { description: "Keyless: exact signer identity (workflow ref URI)" },
  "certificate-identity-regexp": { description: "Keyless: signer identity regular expression" },
  "certificate-oidc-issuer": {
    description: "Keyless: OIDC issuer of the signer",
    default: "https://token.actions.githubusercontent.com",
  },
  "source-repository": {
    description:
      "Policy: required source repository (owner/name or URL); in Actions, the workflow's repository",
  },
  "source-ref": {
    description: "Policy: regular expression the source ref must match, e.g. ^refs/heads/main$",
  },
  "require-test-results": {
    description: "Policy: require a passing signed test-result attestation on the digest",
    default: "false",
  },
  app: { description: "Application name (default: last part of image)" },
  environment: { description: "Environment to deploy to", default: "production" },
  "docker-host": { description: "Docker Engine to deploy to (DOCKER_HOST form, e.g. ssh://deploy@host)" },
  target: {
    description:
      "Where deploy runs the colors: docker (containers behind an HAProxy router) or kubernetes (a Deployment per color, Services switched by selector)",
    default: "docker",
  },
  kubeconfig: {
    description:
      "kubernetes: a kubeconfig's YAML (e.g. a secret) or the path of a kubeconfig file (default: KUBECONFIG or ~/.kube/config)",
  },
  namespace: {
    description: "kubernetes: namespace of the app's Deployments, Services and Lease",
    default: "default",
  },
  "k8s-manifests": {
    description:
      "kubernetes: YAML files (newline separated) holding the app's one Deployment and one Service; their ports, env, probes and resources are kept",
  },
  "preview-url": {
    description:
      "kubernetes: URL the gates reach the preview at, e.g. through an Ingress (default: the preview Service's NodePort on a node's address)",
  },
  "preview-access": {
    description:
      "kubernetes: how the gates reach the preview and live Services: node-port (their NodePorts on a node's address) or port-forward (through the API server to a ready pod they select, for a runner that cannot reach the nodes); preview-url and public-url win",
    default: "node-port",
  },
  "keep-seconds": {
    description:
      "kubernetes: seconds the previous color keeps its replicas after a switch (instant rollback; its keep-alive connections drain), then it is scaled to 0 (like Argo Rollouts' scaleDownDelaySeconds)",
    default: "30",
  },
  "router-image": { description: "HAProxy image for the router", default: "haproxy:3.2" },
  "container-port": { description: "Port the application listens on in its container", default: "8080" },
  "container-env": { description: "Environment for the application (newline separated KEY=value)" },
  "live-port": { description: "Host port serving the live color", default: "8080" },
  "preview-port": { description: "Host port serving the staged color", default: "8081" },
  "preview-address": {
    description:
      "Address preview-port is published on (default: 127.0.0.1 with a local Docker engine, where only the checks and the smoke command use it; 0.0.0.0 with a remote one, which they reach over the network)",
  },
  "public-url": { description: "URL users reach the live port at (default: http://127.0.0.1:<live-port>)" },
  "test-results": { description: "JUnit XML files or globs from earlier jobs that gate the deploy" },
  "min-tests": { description: "Fewest tests that must have run (skipped ones do not count)", default: "1" },
  "max-failures": { description: "Most failed or errored tests allowed", default: "0" },
  checks: {
    description: "HTTP checks against the preview, one per line: <path> [status] [body regexp]",
    default: "/healthz 200",
  },
  "check-retries": { description: "Attempts per HTTP check", default: "10" },
  "check-timeout": { description: "Seconds per HTTP check attempt", default: "5" },
  "smoke-command": {
    description:
      "Command run against the preview, without a shell (bash -c '…' for one); $PREVIEW_URL, $DIGEST, $COLOR are expanded in it and set in its env",
  },
  "smoke-env": {
    description:
      "Environment of the smoke command beyond PATH, HOME, proxies and PREVIEW_URL/DIGEST/COLOR: one per line, NAME (passed from greenlight's environment) or NAME=value",
  },
  "smoke-results": { description: "JUnit XML the smoke command writes, shown in the summary" },
  "smoke-timeout": { description: "Seconds the smoke command may run", default: "300" },
  promotion: { description: "auto (promote when gates pass) or manual (run promote later)", default: "auto" },
  "watch-seconds": { description: "Seconds to watch the live endpoint after promotion", default: "30" },
  "lock-timeout": { description: "Seconds to wait for another deploy of the environment", default: "300" },
  "lock-heartbeat": {
    description:
      "Seconds a deploy's lock stays valid after its holder's last heartbeat (renewed every third of it)",
    default: "30",
  },
  "dry-run": { description: "Print the plan and change nothing", default: "false" },
  to: { description: "rollback: digest (sha256:…) or release id to go back to (default: previous)" },
  reason: { description: "rollback/reject/unlock: why, recorded in the ledger (required by unlock)" },
  force: {
    description: "unlock: break the lock even while its holder's heartbeat is fresh",
    default: "false",
  },
  "ledger-repository": { description: "Repository holding the release ledger (default: image)" },
  since: {
    description: "history: oldest record shown, an ISO 8601 time or a span back from now (7d, 12h, 2w)",
  },
  until: { description: "history: newest record shown, an ISO 8601 time or a span back from now" },
  outcome: {
    description:
      "history: only these outcomes (comma separated: staged, promoted, failed, refused, rolled-back, unlocked)",
  },
  format: {
    description:
      "How the result is printed on stdout: text (name=value lines) or json (one object: status, exit code, outputs, report) for every command; history also markdown, metrics also openmetrics",
    default: "text",
  },
  window: { description: "metrics: how far back the figures look (30d, 2w, 12h)", default: "30d" },
  "report-file": {
    description: "history/metrics: also write a self-contained HTML report (inline SVG charts) to this path",
  },
  "summary-history": {
    description:
      "release/deploy: also show the environment's newest N ledger records (chart and table) in the job summary; 0 leaves them out",
    default: "0",
  },
  "github-token": {
    description: "Token for GitHub Deployments and attestations",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a template
    default: "${{ github.token }}",
  },
} satisfies Record<string, InputSpec>;

export type InputName = keyof typeof INPUTS;

/** Inputs that hold several values (lines or commas): a repeated CLI flag adds to them. */
export const LIST_INPUTS: ReadonlySet<InputName> = new Set<InputName>([
  "tags",
  "labels",
  "build-args",
  "platforms",
  "cache-from",
  "cache-to",
  "container-env",
  "test-results",
  "checks",
  "smoke-env",
  "k8s-manifests",
]);

/** Inputs that are true or false: a CLI flag without a value means true. */
export function isBooleanInput(name: InputName): boolean {
  const fallback = (INPUTS[name] as InputSpec).default;
  return fallback === "true" || fallback === "false";
}

/** Reads one input's raw string value ("" when unset). */
export type InputSource = (name: InputName) => string;
