import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { InputName } from "../inputs";
import type { Logger } from "../log";
import { generateKeyPair } from "../provenance/signers/key";

/** `greenlight keygen [--signing-key-file cosign.key]`: writes a P-256 key pair for key signing. */
export async function keygen(values: Map<InputName, string>, log: Logger): Promise<number> {
  const keyPath = resolve(values.get("signing-key-file") || "greenlight.key");
  const pubPath = keyPath.replace(/(\.key)?$/, ".pub");
  const { privateKeyPem, publicKeyPem } = generateKeyPair();
  writeFileSync(keyPath, privateKeyPem, { mode: 0o600, flag: "wx" });
  writeFileSync(pubPath, publicKeyPem, { flag: "wx" });
  log.info(`wrote ${keyPath} (private, mode 600) and ${pubPath}`);
  log.info("sign with --signing-key-file, verify with --public-key-file (or cosign --key)");
  return 0;
}
