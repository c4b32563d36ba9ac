// A temp home whose ~/.ssh reaches the stack's sshd, for the docker CLI's ssh transport (`docker -H
// ssh://…` runs the system `ssh … docker system dial-stdio`, which reads the user's ~/.ssh). OpenSSH
// takes ~ from the passwd entry, never from $HOME, so the CLI runs with HOME and, through
// nss_wrapper (LD_PRELOAD), root's passwd home pointing at the temp dir, whose .ssh holds the config
// (IdentityFile, UserKnownHostsFile) and known_hosts: the real ssh binary, unmodified, as it runs for
// a user whose ~/.ssh was set up by an earlier workflow step.
import { randomInt } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Stack } from "./stack";

const HOST_KEY_ALIAS = "greenlight-stack-sshd";

export interface SshHome {
  home: string;
  /**
   * The loopback address this home's ssh connects from (BindAddress), its own: sshd's log names it
   * in every line of a connection, so a test counts its own sessions while others share sshd.
   */
  source: string;
  /** The environment variables that make ssh read `home`'s ~/.ssh. */
  env: Record<string, string>;
}

/**
 * Writes `<dir>/home`, whose ~/.ssh reaches sshd on 127.0.0.1 with known_hosts as `ssh-keyscan`
 * writes it; with `anyPort`, sshd's host key is trusted on every port of 127.0.0.1 (a proxy in front
 * of sshd), through a HostKeyAlias. The key is the stack's (it may forward the Docker socket), or
 * `key`, e.g. the stack's restricted one.
 */
export async function sshHome(
  stack: Stack,
  dir: string,
  { anyPort = false, key = stack.sshKey }: { anyPort?: boolean; key?: string | undefined } = {},
): Promise<SshHome> {
  if (!stack.sshHost || !stack.sshKey || !stack.sshKnownHosts || !stack.nssWrapper) {
    throw new Error("stack.env has no GREENLIGHT_SSH_*: run `bash scripts/stack.sh up`");
  }
  const home = join(dir, "home");
  const source = `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
  const port = new URL(stack.sshHost).port;
  const knownHosts = (await readFile(stack.sshKnownHosts, "utf8")).trim();
  await mkdir(join(home, ".ssh"), { recursive: true, mode: 0o700 });
  await writeFile(
    join(home, ".ssh/known_hosts"),
    `${anyPort ? knownHosts.replace(/^\S+/gm, HOST_KEY_ALIAS) : knownHosts}\n`,
  );
  await writeFile(
    join(home, ".ssh/config"),
    [
      "Host 127.0.0.1",
      `  Port ${port}`,
      `  BindAddress ${source}`,
      `  IdentityFile ${key}`,
      "  IdentitiesOnly yes",
      `  UserKnownHostsFile ${join(home, ".ssh/known_hosts")}`,
      "  StrictHostKeyChecking yes",
      ...(anyPort ? [`  HostKeyAlias ${HOST_KEY_ALIAS}`] : []),
      "  BatchMode yes",
      // one multiplexed connection for the ~40 docker calls of a deploy, as the README recommends
      "  ControlMaster auto",
      `  ControlPath ${join(home, ".ssh/cm-%C")}`,
      "  ControlPersist 60",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  const passwd = (await readFile("/etc/passwd", "utf8"))
    .split("\n")
    .filter((l) => l && !l.startsWith("root:"));
  await writeFile(join(home, "passwd"), [`root:x:0:0:root:${home}:/bin/bash`, ...passwd, ""].join("\n"));
  return {
    home,
    source,
    env: {
      HOME: home,
      LD_PRELOAD: stack.nssWrapper,
      NSS_WRAPPER_PASSWD: join(home, "passwd"),
      NSS_WRAPPER_GROUP: "/etc/group",
    },
  };
}
