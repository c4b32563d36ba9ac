import { COMMANDS } from "./config";
import type { InputName } from "./inputs";

/** The CLI's commands: the engine's, and keygen, which only writes a key pair. */
export const CLI_COMMANDS = [...COMMANDS, "keygen"] as const;
export type CliCommand = (typeof CLI_COMMANDS)[number];

/** Inputs grouped by what they are about; each command's help lists the groups it reads. */
const GROUPS = {
  settings: ["config-file"],
  registry: ["image", "username", "password"],
  build: [
    "context",
    "file",
    "tags",
    "labels",
    "build-args",
    "platforms",
    "push",
    "builder",
    "buildx-builder",
    "cache-from",
    "cache-to",
  ],
  signing: [
    "signing",
    "signing-key",
    "signing-key-file",
    "sigstore-instance",
    "fulcio-url",
    "rekor-url",
    "tsa-url",
  ],
  attach: ["push-to-registry", "github-attestations"],
  subject: ["subject-name", "subject-digest"],
  policy: [
    "verify",
    "public-key",
    "public-key-file",
    "certificate-identity",
    "certificate-identity-regexp",
    "certificate-oidc-issuer",
    "source-repository",
    "source-ref",
    "require-test-results",
    "trusted-root",
  ],
  environment: [
    "app",
    "environment",
    "target",
    "docker-host",
    "kubeconfig",
    "namespace",
    "k8s-manifests",
    "ledger-repository",
  ],
  router: [
    "router-image",
    "container-port",
    "container-env",
    "live-port",
    "preview-port",
    "preview-address",
    "public-url",
    "preview-url",
    "preview-access",
  ],
  gates: [
    "test-results",
    "min-tests",
    "max-failures",
    "checks",
    "check-retries",
    "check-timeout",
    "smoke-command",
    "smoke-env",
    "smoke-results",
    "smoke-timeout",
  ],
  rollout: ["promotion", "watch-seconds", "keep-seconds", "lock-timeout", "lock-heartbeat"],
  undo: ["to", "reason"],
  output: ["dry-run", "format", "github-token"],
  insight: ["since", "until", "outcome", "window", "format", "report-file"],
} as const satisfies Record<string, readonly InputName[]>;
type Group = keyof typeof GROUPS;

export interface CommandInputs {
  summary: string;
  /** What the command reads; listed in this order in its help. */
  groups: readonly Group[];
  /** Inputs of those groups the command does not read. */
  except?: readonly InputName[];
  /** Inputs of no group that the command reads too. */
  extra?: readonly InputName[];
  /** Only these inputs (for commands reading a few). */
  only?: readonly InputName[];
  example: string;
}

// the test results of earlier jobs gate a deploy of the digest they were made for, not a promote or rollback
const PRE_STAGE = ["test-results", "min-tests", "max-failures"] as const;
const SMOKE = ["smoke-command", "smoke-env", "smoke-results", "smoke-timeout"] as const;
const IMAGE = "registry.example.com/acme/shop";
const DEPLOY_GROUPS: readonly Group[] = ["registry", "environment", "router", "policy", "gates", "rollout"];

export const COMMAND_INPUTS: Record<CliCommand, CommandInputs> = {
  release: {
    summary: "build, push, sign provenance, then deploy the digest blue-green (the default command)",
    groups: ["settings", "registry", "build", "signing", "attach", ...DEPLOY_GROUPS, "output"],
    extra: ["summary-history"],
    example: `greenlight release --image ${IMAGE} --signing-key-file release.key --public-key-file release.pub`,
  },
  build: {
    summary: "build and push the image, resolve and verify its digest; attests when a signer is set",
    groups: ["settings", "registry", "build", "signing", "attach", "output"],
    // a private Sigstore's endpoints are only given with its trusted root
    extra: ["trusted-root"],
    example: `greenlight build --image ${IMAGE} --context .`,
  },
  attest: {
    summary: "sign SLSA v1 provenance for a digest and attach it to the image",
    groups: ["settings", "registry", "subject", "signing", "attach", "output"],
    extra: ["trusted-root"],
    example: `greenlight attest --image ${IMAGE}@sha256:… --signing-key-file release.key`,
  },
  verify: {
    summary: "check a digest's signed provenance (and test results) against the policy",
    groups: ["settings", "registry", "subject", "policy", "output"],
    except: ["verify", "dry-run"],
    example: `greenlight verify --image ${IMAGE}@sha256:… --public-key-file release.pub`,
  },
  deploy: {
    summary: "verify, stage the digest as the idle color, run the gates, promote (unless manual), watch",
    groups: ["settings", "subject", ...DEPLOY_GROUPS, "output"],
    extra: ["summary-history"],
    example: `greenlight deploy --image ${IMAGE}@sha256:… --public-key-file release.pub`,
  },
  promote: {
    summary: "switch live traffic to the color staged with --promotion manual (verified again first)",
    groups: ["settings", "registry", "environment", "router", "policy", "gates", "rollout", "output"],
    except: ["promotion", "container-env", ...PRE_STAGE, ...SMOKE],
    example: `greenlight promote --image ${IMAGE} --public-key-file release.pub`,
  },
  reject: {
    summary: "throw away the color staged with --promotion manual; live is untouched",
    groups: ["settings", "registry", "environment", "router", "undo", "output"],
    except: ["to", "container-env"],
    example: `greenlight reject --image ${IMAGE} --reason "wrong banner"`,
  },
  rollback: {
    summary:
      "switch back to the warm previous color, or deploy an earlier digest (--to) through verify and the gates",
    groups: ["settings", "registry", "environment", "router", "policy", "gates", "rollout", "undo", "output"],
    except: ["promotion", ...PRE_STAGE],
    example: `greenlight rollback --image ${IMAGE} --public-key-file release.pub --reason "500s"`,
  },
  status: {
    summary: "live, preview and previous colors by digest, the lock holder, drift against the ledger",
    groups: ["settings", "registry", "environment", "router", "output"],
    except: ["container-env", "dry-run"],
    example: `greenlight status --image ${IMAGE}`,
  },
  unlock: {
    summary:
      "break the environment's deploy lock (its holder died or is stuck), recorded in the ledger with the reason",
    groups: ["settings", "registry", "environment", "undo", "output"],
    except: ["to", "github-token"],
    extra: ["force"],
    example: `greenlight unlock --image ${IMAGE} --reason "runner died"`,
  },
  history: {
    summary: "the environment's change log from the ledger, newest first",
    groups: ["settings", "registry", "environment", "insight"],
    except: ["docker-host", "window"],
    extra: ["github-token"],
    example: `greenlight history --image ${IMAGE} --since 7d --outcome failed,rolled-back`,
  },
  metrics: {
    summary: "deployment frequency, change failure rate, recovery and rollback times, drift, from the ledger",
    groups: ["settings", "registry", "environment", "router", "insight"],
    except: ["since", "until", "outcome", "container-env"],
    extra: ["github-token"],
    example: `greenlight metrics --image ${IMAGE} --window 30d --format openmetrics`,
  },
  keygen: {
    summary:
      "write an ECDSA P-256 key pair for key signing (<file> and <file>.pub; never overwrites; do not commit the private key)",
    groups: [],
    only: ["signing-key-file"],
    example: "greenlight keygen --signing-key-file release.key",
  },
};

/** The inputs a command reads, in the order of its groups. */
export function commandInputs(command: CliCommand): InputName[] {
  const help = COMMAND_INPUTS[command];
  if (help.only) return [...help.only];
  const except = new Set<InputName>(help.except ?? []);
  return [...help.groups.flatMap((g) => GROUPS[g] as readonly InputName[]), ...(help.extra ?? [])].filter(
    (name) => !except.has(name),
  );
}
