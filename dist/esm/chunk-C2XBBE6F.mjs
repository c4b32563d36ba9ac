import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  formatSemver,
  semverOf,
  shortShaTag
} from "./chunk-YKFOBVSN.mjs";
import {
  DOCKER_CLIENT_ENV,
  exec
} from "./chunk-HLSVML6X.mjs";
import {
  GreenlightError,
  InputError
} from "./chunk-XAPMUR2Q.mjs";

// src/registry/credentials.ts
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
var DOCKER_HUB_KEYS = [
  "https://index.docker.io/v1/",
  "index.docker.io",
  "docker.io",
  "registry-1.docker.io"
];
function dockerConfigDir(explicit, env) {
  return explicit || env.DOCKER_CONFIG || join(homedir(), ".docker");
}
function normalizeAuthKey(key) {
  return key.replace(/^[a-z]+:\/\//i, "").replace(/\/.*$/, "").toLowerCase();
}
function authKeys(registry) {
  const host = registry.toLowerCase();
  return DOCKER_HUB_KEYS.includes(host) ? DOCKER_HUB_KEYS : [host];
}
async function dockerCredentials(registry, configDir) {
  const config = await readDockerConfig(join(configDir, "config.json"));
  if (!config) return void 0;
  const keys = authKeys(registry);
  const helper = findEntry(config.credHelpers, keys) ?? config.credsStore;
  if (helper) {
    const fromHelper = await runCredentialHelper(helper, registry);
    if (fromHelper) return fromHelper;
  }
  const entry = findEntry(config.auths, keys);
  if (!entry) return void 0;
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) {
      throw new GreenlightError(
        `docker config: the auth entry for ${registry} is not base64 'user:password'`,
        {
          hint: `run docker login ${registry} again`
        }
      );
    }
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  return void 0;
}
function findEntry(table, keys) {
  if (!table) return void 0;
  for (const [key, value] of Object.entries(table)) {
    if (keys.includes(normalizeAuthKey(key)) || keys.includes(key)) return value;
  }
  return void 0;
}
async function readDockerConfig(path) {
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return void 0;
    throw new GreenlightError(`cannot read docker config ${path}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new GreenlightError(`docker config ${path} is not valid JSON`, {
      hint: "fix or remove the file, or give username/password explicitly",
      cause: error
    });
  }
}
async function runCredentialHelper(helper, registry) {
  const command = `docker-credential-${helper}`;
  const server = authKeys(registry)[0] ?? registry;
  const result = await exec(command, ["get"], {
    input: server,
    allowFailure: true,
    timeoutMs: 3e4,
    inherit: DOCKER_CLIENT_ENV
  }).catch((error) => {
    throw new GreenlightError(`credential helper ${command} for ${registry} could not be started`, {
      hint: `install ${command} or remove it from the docker config`,
      cause: error
    });
  });
  if (result.exitCode !== 0) {
    if (/credentials not found/i.test(result.stdout + result.stderr)) return void 0;
    throw new GreenlightError(
      `credential helper ${command} failed for ${registry} (exit ${result.exitCode})`,
      {
        hint: `run '${command} get' by hand to see why, or docker login ${registry} again`
      }
    );
  }
  let parsed;
  try {
    parsed = JSON.parse(result.stdout);
  } catch (error) {
    throw new GreenlightError(`credential helper ${command} printed no JSON for ${registry}`, {
      cause: error
    });
  }
  if (!parsed.Secret) return void 0;
  return { username: parsed.Username ?? "", password: parsed.Secret };
}

// src/image/labels.ts
var OCI = "org.opencontainers.image";
function computeLabels(image, git, userLabels) {
  const labels = {};
  const set = (key, value) => {
    if (value) labels[`${OCI}.${key}`] = value;
  };
  set("title", image.repository.split("/").at(-1));
  set("source", git.remoteUrl);
  set("revision", git.sha);
  set("created", git.commitTime);
  const version = semverOf(git.tags);
  set("version", version ? formatSemver(version) : git.sha ? shortShaTag(git.sha) : void 0);
  for (const [key, value] of parseKeyValues("labels", userLabels)) labels[key] = value;
  return labels;
}
function parseKeyValues(input, lines) {
  return lines.map((line) => line.trim()).filter(Boolean).map((line) => {
    const eq = line.indexOf("=");
    if (eq <= 0) throw new InputError(input, `'${line}' is not key=value`, "one key=value per line");
    return [line.slice(0, eq).trim(), line.slice(eq + 1)];
  });
}

export {
  dockerConfigDir,
  dockerCredentials,
  computeLabels,
  parseKeyValues
};
//# sourceMappingURL=chunk-C2XBBE6F.mjs.map
