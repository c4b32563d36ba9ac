import { existsSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { CommandResult } from "../command-result";
import { InputError } from "../errors";
import type { InputName } from "../inputs";
import type { Logger } from "../log";
import { generateKeyPair } from "../provenance/signers/key";

/** Where keygen writes: the private key, and the public key beside it (`.key` becomes `.pub`). */
export function keyPaths(
  file: string | undefined,
  cwd = process.cwd(),
): { keyPath: string; pubPath: string } {
  const keyPath = resolve(cwd, file || "greenlight.key");
  const pubPath = keyPath.endsWith(".key") ? keyPath.replace(/\.key$/, ".pub") : `${keyPath}.pub`;
  return { keyPath, pubPath };
}

/** `greenlight keygen [--signing-key-file release.key]`: writes a P-256 key pair for key signing; never overwrites. */
export async function keygen(values: Map<InputName, string>, log: Logger): Promise<CommandResult> {
  const { keyPath, pubPath } = keyPaths(values.get("signing-key-file"));
  const existing = [keyPath, pubPath].filter((p) => existsSync(p));
  if (existing.length) {
    throw new InputError(
      "signing-key-file",
      `${existing.join(" and ")} already exist${existing.length > 1 ? "" : "s"}; keygen never overwrites a key (releases signed with it would no longer verify against a new public key)`,
      "a path where no key is yet, or remove the old pair first if you really mean to replace it",
    );
  }
  const { privateKeyPem, publicKeyPem } = generateKeyPair();
  writeFileSync(keyPath, privateKeyPem, { mode: 0o600, flag: "wx" });
  writeFileSync(pubPath, publicKeyPem, { flag: "wx" });
  const shown = (p: string) => relative(process.cwd(), p) || p;
  log.info(`wrote ${shown(keyPath)} (private, mode 600) and ${shown(pubPath)} (public)`);
  log.info(
    `sign with --signing-key-file ${shown(keyPath)}, verify with --public-key-file ${shown(pubPath)} (or cosign --key)`,
  );
  log.info(
    `do not commit ${shown(keyPath)}: keep it in a secret store (in Actions: a secret passed as signing-key); the .pub file may be committed`,
  );
  return {
    outputs: {},
    report: {
      title: `keygen: wrote ${shown(keyPath)} and ${shown(pubPath)}`,
      facts: [
        ["private key", keyPath],
        ["public key", pubPath],
      ],
    },
  };
}
