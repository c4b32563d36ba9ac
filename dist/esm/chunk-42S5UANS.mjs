import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  generateKeyPair
} from "./chunk-BB2OMXZJ.mjs";
import "./chunk-65AIQVL5.mjs";
import {
  InputError
} from "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";

// src/cli/keygen.ts
import { existsSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
function keyPaths(file, cwd = process.cwd()) {
  const keyPath = resolve(cwd, file || "greenlight.key");
  const pubPath = keyPath.endsWith(".key") ? keyPath.replace(/\.key$/, ".pub") : `${keyPath}.pub`;
  return { keyPath, pubPath };
}
async function keygen(values, log) {
  const { keyPath, pubPath } = keyPaths(values.get("signing-key-file"));
  const existing = [keyPath, pubPath].filter((p) => existsSync(p));
  if (existing.length) {
    throw new InputError(
      "signing-key-file",
      `${existing.join(" and ")} already exist${existing.length > 1 ? "" : "s"}; keygen never overwrites a key (releases signed with it would no longer verify against a new public key)`,
      "a path where no key is yet, or remove the old pair first if you really mean to replace it"
    );
  }
  const { privateKeyPem, publicKeyPem } = generateKeyPair();
  writeFileSync(keyPath, privateKeyPem, { mode: 384, flag: "wx" });
  writeFileSync(pubPath, publicKeyPem, { flag: "wx" });
  const shown = (p) => relative(process.cwd(), p) || p;
  log.info(`wrote ${shown(keyPath)} (private, mode 600) and ${shown(pubPath)} (public)`);
  log.info(
    `sign with --signing-key-file ${shown(keyPath)}, verify with --public-key-file ${shown(pubPath)} (or cosign --key)`
  );
  log.info(
    `do not commit ${shown(keyPath)}: keep it in a secret store (in Actions: a secret passed as signing-key); the .pub file may be committed`
  );
  return {
    outputs: {},
    report: {
      title: `keygen: wrote ${shown(keyPath)} and ${shown(pubPath)}`,
      facts: [
        ["private key", keyPath],
        ["public key", pubPath]
      ]
    }
  };
}
export {
  keyPaths,
  keygen
};
//# sourceMappingURL=chunk-42S5UANS.mjs.map
