import { spawn } from "node:child_process";
import { ExecError } from "./errors";

export interface ExecOptions {
  cwd?: string;
  /**
   * Given to the child on top of what it inherits (see `childEnv`); `undefined` removes a variable.
   * Only what is named here reaches the child beyond the minimal environment.
   */
  env?: Record<string, string | undefined>;
  /** Names (`NAME`, or `PREFIX_*`) the child inherits beyond the minimal environment; never a secret of greenlight's. */
  inherit?: readonly string[];
  /** Written to the child's stdin, which is then closed. */
  input?: string | Buffer;
  /** Kills the child (SIGKILL) after this many milliseconds; the result then has `timedOut`. */
  timeoutMs?: number;
  /** Return a non-zero exit as a result instead of throwing ExecError. */
  allowFailure?: boolean;
  /** Called with each chunk of output as it arrives (progress for long builds). */
  onOutput?: (chunk: string) => void;
  /** Stops a long-running child (a server a test started) with SIGTERM when aborted. */
  signal?: AbortSignal;
}

export interface ExecResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * The one way greenlight starts a child process: an argv array, never a shell. Uses
 * node:child_process rather than @actions/exec because callers need timeouts, stdin bytes and
 * quiet capture (a command line may carry a registry or a secret-bearing path).
 */
export function exec(
  command: string,
  args: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: childEnv(process.env, options.env, options.inherit),
      stdio: ["pipe", "pipe", "pipe"],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill("SIGKILL");
        }, options.timeoutMs)
      : undefined;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      into.push(chunk);
      options.onOutput?.(chunk.toString("utf8"));
    };
    child.stdout.on("data", collect(stdout));
    child.stderr.on("data", collect(stderr));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new ExecError(command, args, null, `cannot start ${command}: ${error.message}`, ""));
    });
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      const result = {
        exitCode,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        timedOut,
      };
      if (exitCode !== 0 && !options.allowFailure) {
        reject(new ExecError(command, args, exitCode, result.stderr, result.stdout));
      } else {
        resolve(result);
      }
    });
    child.stdin.on("error", () => {}); // a child that exits without reading its stdin is not our error
    child.stdin.end(options.input ?? "");
  });
}

/** How a background child ended: its exit code or signal, and the end of its stderr. */
export interface BackgroundExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The last 4 KiB of its stderr, or why it could not be started. */
  stderr: string;
}

/** A long-lived child started by `startBackground`. */
export interface BackgroundChild {
  /** Settles when the child has ended, by itself or stopped. */
  readonly exited: Promise<BackgroundExit>;
  /** SIGTERM, then SIGKILL after `graceMs`; settles when the child has ended. */
  stop(graceMs?: number): Promise<BackgroundExit>;
}

const BACKGROUND_STDERR_BYTES = 4096;

/**
 * Starts a long-lived child (the run's ssh forward) under the same rules as `exec`: an argv array,
 * the minimal environment. Its stdin is a pipe from greenlight that is never written nor closed
 * until the child is stopped, so the child reads EOF as soon as greenlight ends however it ends (a
 * SIGKILL included): the sign a child such as `ssh … cat` takes to exit. It runs in its own process
 * group, so a terminal's ^C reaches greenlight alone, which stops it once its last steps (releasing
 * the lock) are done; and it does not keep greenlight's event loop alive.
 */
export function startBackground(
  command: string,
  args: readonly string[],
  options: Pick<ExecOptions, "cwd" | "env" | "inherit"> = {},
): BackgroundChild {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: childEnv(process.env, options.env, options.inherit),
    stdio: ["pipe", "ignore", "pipe"],
    detached: true,
  });
  let stderr = Buffer.alloc(0);
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = Buffer.concat([stderr, chunk]);
    if (stderr.length > BACKGROUND_STDERR_BYTES) stderr = stderr.subarray(-BACKGROUND_STDERR_BYTES);
  });
  const exited = new Promise<BackgroundExit>((resolve) => {
    child.on("error", (error) =>
      resolve({ exitCode: null, signal: null, stderr: `cannot start ${command}: ${error.message}` }),
    );
    child.on("close", (exitCode, signal) => resolve({ exitCode, signal, stderr: stderr.toString("utf8") }));
  });
  child.stdin.on("error", () => {}); // a child that exits without reading its stdin is not our error
  child.unref();
  for (const stream of [child.stdin, child.stderr] as unknown as { unref?: () => void }[]) stream.unref?.();
  return {
    exited,
    stop: async (graceMs = 2000) => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      const exit = await exited;
      clearTimeout(timer);
      child.stdin.destroy();
      return exit;
    },
  };
}

/**
 * What every child inherits from greenlight's environment: enough to find programs, write temporary
 * files, speak the user's locale, go through proxies, reach the Docker Engine (DOCKER_HOST, contexts,
 * TLS), run buildx and git, and use an ssh agent. Names end in `*` for a prefix.
 */
export const MINIMAL_ENV: readonly string[] = [
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "LANG",
  "LANGUAGE",
  "LC_*",
  "TZ",
  "TMPDIR",
  "TEMP",
  "TMP",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "ALL_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
  "all_proxy",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "DOCKER_*",
  "BUILDX_*",
  "BUILDKIT_*",
  "SOURCE_DATE_EPOCH",
  "GIT_*",
  "SSH_AUTH_SOCK",
  "XDG_CONFIG_HOME",
  "XDG_RUNTIME_DIR",
];

/**
 * What the docker CLI (and buildx) inherit beyond the minimal environment, for the programs they run:
 * credential helpers (desktop keyrings over D-Bus, pass/gpg, the cloud helpers' credentials for
 * ecr-login, gcloud, acr-env), ssh for an `ssh://` DOCKER_HOST (nss_wrapper, where the user has no
 * passwd entry), and the loader's paths. Credential helpers run by greenlight itself get the same.
 */
export const DOCKER_CLIENT_ENV: readonly string[] = [
  "DOCKER_AUTH_CONFIG",
  "DBUS_SESSION_BUS_ADDRESS",
  "DISPLAY",
  "XDG_*",
  "PASSWORD_STORE_*",
  "GNUPGHOME",
  "GPG_AGENT_INFO",
  "AWS_*",
  "AZURE_*",
  "GOOGLE_*",
  "CLOUDSDK_*",
  "NSS_WRAPPER_*",
  "LD_PRELOAD",
  "LD_LIBRARY_PATH",
];

/**
 * Never inherited, whatever a caller asks for: greenlight's inputs (INPUT_*), its registry password,
 * GitHub's tokens and the runner's ACTIONS_* tokens and URLs. A caller that must hand one of these to
 * a child (buildx's GitHub cache) passes it explicitly in `env`.
 */
const NEVER_INHERITED = [
  /^INPUT_/i,
  /^ACTIONS_/i,
  /^GREENLIGHT_PASSWORD$/i,
  /^GITHUB_TOKEN$/i,
  /^GH_TOKEN$/i,
];

/** Credentials under a minimal prefix (DOCKER_PASSWORD, DOCKER_AUTH_CONFIG): inherited only where a caller names them. */
const CREDENTIAL_LIKE = /(PASSWORD|PASSWD|TOKEN|SECRET|_KEY|AUTH_CONFIG)$/i;

/** The child's environment: the minimal inherited set (plus `inherit`), then `extra` on top. */
export function childEnv(
  parent: NodeJS.ProcessEnv,
  extra: Record<string, string | undefined> | undefined,
  inherit: readonly string[] = [],
): Record<string, string> {
  const listed = (names: readonly string[], name: string) =>
    names.some((n) => (n.endsWith("*") ? name.startsWith(n.slice(0, -1)) : name === n));
  const wanted = (name: string) =>
    !NEVER_INHERITED.some((pattern) => pattern.test(name)) &&
    (listed(inherit, name) || (listed(MINIMAL_ENV, name) && !CREDENTIAL_LIKE.test(name)));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(parent)) {
    if (value !== undefined && wanted(key)) env[key] = value;
  }
  for (const [key, value] of Object.entries(extra ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}
