import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  computeLabels,
  dockerConfigDir,
  parseKeyValues
} from "./chunk-C2XBBE6F.mjs";
import {
  readGitState
} from "./chunk-4H3VVQUC.mjs";
import {
  computeTags
} from "./chunk-YKFOBVSN.mjs";
import {
  DOCKER_CLIENT_ENV,
  exec
} from "./chunk-HLSVML6X.mjs";
import {
  sha256Digest
} from "./chunk-FAICATJQ.mjs";
import {
  isDigest,
  parseReference,
  pinned,
  repositoryName
} from "./chunk-UEFSGM5H.mjs";
import {
  GreenlightError,
  InputError
} from "./chunk-XAPMUR2Q.mjs";

// src/image/build.ts
import { mkdtemp as mkdtemp3, rm as rm4 } from "node:fs/promises";
import { tmpdir as tmpdir3 } from "node:os";
import { join as join4 } from "node:path";

// src/image/buildx.ts
import { mkdtemp as mkdtemp2, readFile as readFile2, rm as rm2 } from "node:fs/promises";
import { tmpdir as tmpdir2 } from "node:os";
import { join as join2 } from "node:path";

// src/output-lines.ts
function outputLines(onLine) {
  let partial = "";
  const emit = (line) => {
    if (line.trim()) onLine(line.trimEnd());
  };
  return {
    write(chunk) {
      const lines = (partial + chunk).split(/\r\n|\r|\n/);
      partial = lines.pop() ?? "";
      for (const line of lines) emit(line);
    },
    flush() {
      emit(partial);
      partial = "";
    }
  };
}

// src/image/classic.ts
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
function classicBuildArgs(plan, iidFile) {
  if (plan.platforms.length > 1) {
    throw new InputError(
      "platforms",
      `${plan.platforms.join(",")} needs a multi-platform build, which the classic builder cannot do`,
      "one platform, or install docker buildx (builder: buildx)"
    );
  }
  const args = ["build"];
  if (plan.file) args.push("--file", plan.file);
  for (const [key, value] of Object.entries(plan.labels)) args.push("--label", `${key}=${value}`);
  for (const [key, value] of plan.buildArgs) args.push("--build-arg", `${key}=${value}`);
  if (plan.platforms[0]) args.push("--platform", plan.platforms[0]);
  for (const from of plan.cacheFrom) args.push("--cache-from", from);
  for (const ref of plan.refs) args.push("--tag", ref);
  args.push("--iidfile", iidFile, plan.context);
  return args;
}
function parsePushDigest(output) {
  const matches = [...output.matchAll(/digest: (sha256:[a-f0-9]{64}) size: \d+/g)];
  return matches.at(-1)?.[1];
}
function pushFailure(ref, output) {
  const registry = safeRegistry(ref);
  const text = output.toLowerCase();
  if (/unauthorized|authentication required|no basic auth credentials|access to the resource is denied|access denied|\b40[13] forbidden/.test(
    text
  )) {
    return new GreenlightError(`push of ${ref} refused by registry ${registry}: not authorised`, {
      hint: `check the username/password (or 'docker login ${registry}') used for ${registry}, and that the account may push to this repository`
    });
  }
  if (/connection refused|no such host|i\/o timeout|server gave http response to https client/.test(text)) {
    return new GreenlightError(`push of ${ref} could not reach registry ${registry}`, {
      hint: `check that ${registry} is up and reachable from the Docker daemon (and listed as an insecure registry if it speaks plain http)`
    });
  }
  return void 0;
}
function safeRegistry(ref) {
  try {
    return parseReference(ref).registry;
  } catch {
    return ref;
  }
}
var ClassicBuilder = class {
  kind = "classic";
  async build(plan, log) {
    const dir = await mkdtemp(join(tmpdir(), "greenlight-classic-"));
    const env = { ...plan.env, DOCKER_BUILDKIT: "0" };
    try {
      const iidFile = join(dir, "iid");
      const args = classicBuildArgs(plan, iidFile);
      log.debug(`docker ${args.join(" ")}`);
      const started = Date.now();
      const output = outputLines((line) => log.info(line));
      await exec("docker", args, { inherit: DOCKER_CLIENT_ENV, env, onOutput: output.write }).finally(
        output.flush
      );
      const buildMs = Date.now() - started;
      const imageId = (await readFile(iidFile, "utf8")).trim();
      if (plan.platforms[0]) await requirePlatform(imageId, plan.platforms[0], env);
      if (!plan.push) return { imageId, metadata: { "image.id": imageId }, buildMs, pushMs: 0 };
      const pushStarted = Date.now();
      const digests = /* @__PURE__ */ new Map();
      for (const ref of plan.refs) digests.set(ref, await pushOne(ref, env));
      const pushMs = Date.now() - pushStarted;
      const distinct = new Set(digests.values());
      if (distinct.size !== 1) {
        throw new GreenlightError(`docker push reported different digests for one image: ${[...digests]}`);
      }
      const digest = [...distinct][0];
      return {
        digest,
        imageId,
        metadata: { "image.id": imageId, "push.digests": Object.fromEntries(digests) },
        buildMs,
        pushMs
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
};
async function pushOne(ref, env) {
  const result = await exec("docker", ["push", ref], {
    inherit: DOCKER_CLIENT_ENV,
    env,
    allowFailure: true
  });
  const output = `${result.stdout}
${result.stderr}`;
  if (result.exitCode !== 0) {
    throw pushFailure(ref, output) ?? new GreenlightError(`docker push ${ref} failed:
${output.trim().split("\n").slice(-5).join("\n")}`);
  }
  const digest = parsePushDigest(result.stdout);
  if (!digest) throw new GreenlightError(`docker push ${ref} succeeded but printed no digest`);
  return digest;
}
async function requirePlatform(imageId, wanted, env) {
  const format = "{{.Os}}/{{.Architecture}}";
  const built = (await exec("docker", ["image", "inspect", "--format", format, imageId], {
    inherit: DOCKER_CLIENT_ENV,
    env
  })).stdout.trim();
  const [os, arch] = wanted.split("/");
  if (built !== `${os}/${arch}`) {
    throw new InputError(
      "platforms",
      `asked for ${wanted}, but the classic builder built ${built} (it builds for the daemon's platform)`,
      `${built}, or use buildx (builder: buildx) to build for ${wanted}`
    );
  }
}

// src/image/buildx.ts
function buildxArgs(plan, builderName, metadataFile) {
  const args = ["buildx", "build"];
  if (builderName) args.push("--builder", builderName);
  if (plan.file) args.push("--file", plan.file);
  for (const ref of plan.refs) args.push("--tag", ref);
  for (const [key, value] of Object.entries(plan.labels)) args.push("--label", `${key}=${value}`);
  for (const [key, value] of plan.buildArgs) args.push("--build-arg", `${key}=${value}`);
  if (plan.platforms.length) args.push("--platform", plan.platforms.join(","));
  for (const from of plan.cacheFrom) args.push("--cache-from", from);
  for (const to of plan.cacheTo) args.push("--cache-to", to);
  args.push("--metadata-file", metadataFile);
  args.push("--progress=plain");
  args.push("--provenance=false");
  if (plan.push) args.push("--push");
  else if (plan.platforms.length <= 1) args.push("--load");
  args.push(plan.context);
  return args;
}
function parseBuildxMetadata(text) {
  let raw;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new GreenlightError("buildx wrote a metadata file that is not JSON", { cause });
  }
  const digest = raw["containerimage.digest"];
  const config = raw["containerimage.config.digest"];
  return {
    raw,
    ...typeof digest === "string" && isDigest(digest) ? { digest } : {},
    ...typeof config === "string" && isDigest(config) ? { imageId: config } : {}
  };
}
async function buildxAvailable(env = {}) {
  const result = await exec("docker", ["buildx", "version"], {
    inherit: DOCKER_CLIENT_ENV,
    env,
    allowFailure: true
  }).catch(() => void 0);
  return result?.exitCode === 0;
}
async function buildxDriver(builderName, env = {}) {
  const args = ["buildx", "inspect", ...builderName ? [builderName] : []];
  const result = await exec("docker", args, {
    inherit: DOCKER_CLIENT_ENV,
    env,
    allowFailure: true
  }).catch(() => void 0);
  return result?.exitCode === 0 ? /^Driver:\s*(\S+)/m.exec(result.stdout)?.[1] : void 0;
}
var BuildxBuilder = class {
  constructor(builderName, driver) {
    this.builderName = builderName;
    this.driver = driver;
  }
  builderName;
  driver;
  kind = "buildx";
  async build(plan, log) {
    const dir = await mkdtemp2(join2(tmpdir2(), "greenlight-buildx-"));
    try {
      const metadataFile = join2(dir, "metadata.json");
      const args = buildxArgs(plan, this.builderName, metadataFile);
      log.debug(`docker ${args.join(" ")}`);
      const started = Date.now();
      const output = outputLines((line) => log.info(line));
      const result = await exec("docker", args, {
        inherit: DOCKER_CLIENT_ENV,
        env: plan.env,
        allowFailure: true,
        onOutput: output.write
      }).finally(output.flush);
      const buildMs = Date.now() - started;
      if (result.exitCode !== 0) throw buildxFailure(plan, result.stderr);
      const metadata = parseBuildxMetadata(await readFile2(metadataFile, "utf8"));
      if (plan.push && !metadata.digest) {
        throw new GreenlightError("buildx pushed but its metadata file has no containerimage.digest", {
          hint: `metadata keys: ${Object.keys(metadata.raw).join(", ")}`
        });
      }
      return { ...metadata, metadata: metadata.raw, buildMs, pushMs: 0 };
    } finally {
      await rm2(dir, { recursive: true, force: true });
    }
  }
};
function buildxFailure(plan, stderr) {
  const push = plan.push ? pushFailure(plan.refs[0] ?? "", stderr) : void 0;
  if (push) return push;
  const tail = stderr.trimEnd().split("\n").slice(-8).join("\n");
  if (/multi-platform build is not supported/i.test(stderr)) {
    return new GreenlightError(
      `docker buildx build of ${plan.context} for ${plan.platforms.join(",")} failed:
${tail}`,
      {
        hint: "input 'platforms' lists several platforms, which the docker driver cannot build; set 'buildx-builder' to a docker-container or remote builder"
      }
    );
  }
  return new GreenlightError(`docker buildx build of ${plan.context} failed:
${tail}`, {
    hint: "see the build output above; check 'file', 'build-args' and 'platforms'"
  });
}

// src/image/cache.ts
import { existsSync } from "node:fs";
import { rename, rm as rm3 } from "node:fs/promises";
import { join as join3 } from "node:path";
function cacheNeedsDriver(input) {
  return input.env.GITHUB_ACTIONS === "true" && !input.cacheFrom.length && !input.cacheTo.length;
}
function planCache(input) {
  const { builder, cacheFrom, cacheTo, env } = input;
  if (builder === "classic") {
    const from = cacheFrom.map(classicCacheFrom).filter((ref) => Boolean(ref));
    return {
      from,
      to: [],
      note: `no cache export: the classic builder cannot export a cache (dockerd's layer cache only${from.length ? `; cache-from images ${from.join(", ")}` : ""})${cacheTo.length ? "; cache-to ignored, it needs buildx" : ""}`
    };
  }
  if (cacheFrom.length || cacheTo.length) {
    return { from: [...cacheFrom], to: [...cacheTo], note: `as given: from [${cacheFrom}] to [${cacheTo}]` };
  }
  if (input.driver === "docker") {
    return {
      from: [],
      to: [],
      note: "no cache export: buildx's docker driver cannot export a cache (set 'buildx-builder' to a docker-container or remote builder)"
    };
  }
  if (env.GITHUB_ACTIONS !== "true") {
    return {
      from: [],
      to: [],
      note: "no cache export outside GitHub Actions (the builder's own cache only)"
    };
  }
  const scope = input.repository.replace(/[^A-Za-z0-9._-]/g, "-");
  if ((env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL) && env.ACTIONS_RUNTIME_TOKEN) {
    return {
      from: [`type=gha,scope=${scope}`],
      to: [`type=gha,scope=${scope},mode=max`],
      note: `GitHub Actions cache service (type=gha, scope=${scope})`
    };
  }
  if (!input.haveStore) {
    return { from: [], to: [], note: "no cache export: no Actions cache service or store available" };
  }
  const dir = join3(input.workDir, "buildx-cache");
  const prefix = `greenlight-buildx-${scope}-`;
  return {
    from: [`type=local,src=${dir}`],
    to: [`type=local,dest=${dir}-new,mode=max`],
    note: `local cache directory kept in the Actions cache (key ${prefix}${input.sha ?? "nosha"})`,
    local: { dir, key: `${prefix}${input.sha ?? "nosha"}`, restoreKeys: [prefix] }
  };
}
function classicCacheFrom(entry) {
  if (!entry.includes("=")) return entry;
  const fields = Object.fromEntries(entry.split(",").map((kv) => kv.split("=", 2)));
  return fields.type === "registry" ? fields.ref : void 0;
}
async function restoreLocalCache(plan, store, log) {
  if (!plan.local || !store) return plan;
  const hit = await store.restore([plan.local.dir], plan.local.key, plan.local.restoreKeys).catch((error) => {
    log.warn(`cache restore failed, building without it: ${String(error)}`);
    return void 0;
  });
  const restored = hit !== void 0 && existsSync(join3(plan.local.dir, "index.json"));
  return {
    ...plan,
    from: restored ? plan.from : [],
    note: `${plan.note}; restore: ${restored ? `hit ${hit}` : "miss"}`
  };
}
async function saveLocalCache(plan, store, log) {
  if (!plan.local || !store) return plan.note;
  const { dir, key } = plan.local;
  if (!existsSync(`${dir}-new`)) return `${plan.note}; save: nothing written`;
  await rm3(dir, { recursive: true, force: true });
  await rename(`${dir}-new`, dir);
  try {
    await store.save([dir], key);
    return `${plan.note}; saved`;
  } catch (error) {
    log.warn(`cache save failed (the build itself succeeded): ${String(error)}`);
    return `${plan.note}; save failed`;
  }
}

// src/image/build.ts
async function chooseBuilder(opts) {
  if (opts.builder === "classic") return new ClassicBuilder();
  if (opts.builder === "buildx" && opts.needDriver === false) return new BuildxBuilder(opts.buildxBuilder);
  const driver = await buildxDriver(opts.buildxBuilder, opts.env);
  if (driver || opts.builder === "buildx" || await buildxAvailable(opts.env)) {
    return new BuildxBuilder(opts.buildxBuilder, driver);
  }
  return new ClassicBuilder();
}
async function buildImage(opts, deps) {
  const { log } = deps;
  if (opts.env.ACTIONS_RUNTIME_TOKEN) log.mask(opts.env.ACTIONS_RUNTIME_TOKEN);
  const repo = repositoryName(opts.image);
  const tags = computeTags(opts.image, opts.git, opts.tags, {
    latest: opts.latest ?? false,
    warn: (message) => log.warn(message)
  });
  if (!tags.length) {
    throw new InputError(
      "tags",
      "is empty and there is no git commit to tag from",
      "at least one tag, e.g. 'latest'"
    );
  }
  const labels = computeLabels(opts.image, opts.git, opts.labels);
  const buildArgs = parseKeyValues("build-args", opts.buildArgs);
  const env = dockerEnv(opts);
  const builder = await chooseBuilder({ ...opts, env, needDriver: cacheNeedsDriver(opts) });
  log.info(
    `builder: ${builder.kind}${builder.driver ? ` (${builder.driver} driver)` : ""}; tags: ${tags.join(", ")}`
  );
  if (opts.git.dirty)
    log.warn("the work tree has uncommitted changes: the image is labelled with HEAD but may differ");
  const workDir = await mkdtemp3(join4(tmpdir3(), "greenlight-build-"));
  try {
    let cache = planCache({
      builder: builder.kind,
      ...builder.driver ? { driver: builder.driver } : {},
      repository: repo,
      cacheFrom: opts.cacheFrom,
      cacheTo: opts.cacheTo,
      env: opts.env,
      workDir,
      haveStore: Boolean(deps.cacheStore),
      ...opts.git.sha ? { sha: opts.git.sha } : {}
    });
    cache = await restoreLocalCache(cache, deps.cacheStore, log);
    const plan = {
      context: opts.context,
      refs: tags.map((tag) => `${repo}:${tag}`),
      labels,
      buildArgs,
      platforms: opts.platforms,
      push: opts.push,
      cacheFrom: cache.from,
      cacheTo: cache.to,
      env: { ...env, ...ghaCacheEnv([...cache.from, ...cache.to], opts.env) },
      ...opts.file ? { file: opts.file } : {}
    };
    const client = opts.push ? deps.registryClientFor(opts.image.registry) : void 0;
    const warmed = client?.manifestDescriptor?.(opts.image.repository, tags[0]).catch(() => void 0);
    const out = await log.group(`Build ${repo} (${builder.kind})`, () => builder.build(plan, log)).finally(() => warmed);
    const cacheNote = await saveLocalCache(cache, deps.cacheStore, log);
    log.info(`cache: ${cacheNote}`);
    const base = {
      tags: plan.refs,
      labels,
      metadata: out.metadata,
      durations: { buildMs: out.buildMs, pushMs: out.pushMs },
      builder: builder.kind,
      cache: cacheNote,
      platforms: [],
      ...out.imageId ? { imageId: out.imageId } : {}
    };
    if (!opts.push) {
      log.info("push is false: built only; there is no digest output, since the digest is the registry's");
      return base;
    }
    const served = await log.group(
      "Verify digest",
      () => verifyPushed(client, opts.image, tags[0], out.digest, builder.kind)
    );
    log.info(`pushed ${pinned(opts.image, served.digest)}`);
    return { ...base, ...served, image: pinned(opts.image, served.digest) };
  } finally {
    await rm4(workDir, { recursive: true, force: true });
  }
}
var GHA_CACHE_ENV = [
  "ACTIONS_CACHE_URL",
  "ACTIONS_RESULTS_URL",
  "ACTIONS_RUNTIME_TOKEN",
  "ACTIONS_CACHE_SERVICE_V2"
];
function ghaCacheEnv(entries, env) {
  if (!entries.some((e) => /(^|,)type=gha(,|$)/.test(e))) return {};
  return Object.fromEntries(GHA_CACHE_ENV.filter((name) => env[name]).map((name) => [name, env[name]]));
}
function dockerEnv(opts) {
  const env = {};
  if (opts.dockerConfigDir) {
    env.DOCKER_CONFIG = opts.dockerConfigDir;
    env.BUILDX_CONFIG = opts.env.BUILDX_CONFIG || join4(dockerConfigDir(void 0, opts.env), "buildx");
  }
  const epoch = opts.git.commitTime ? Math.floor(Date.parse(opts.git.commitTime) / 1e3) : Number.NaN;
  if (!opts.env.SOURCE_DATE_EPOCH && Number.isFinite(epoch)) env.SOURCE_DATE_EPOCH = String(epoch);
  return env;
}
async function verifyPushed(client, image, tag, reported, builder) {
  const where = `${repositoryName(image)}:${tag}`;
  const manifest = await client.getManifest(image.repository, tag);
  const digest = sha256Digest(Buffer.from(manifest.bytes));
  if (manifest.digest !== digest) {
    throw new GreenlightError(
      `registry client digest ${manifest.digest} for ${where} is not sha256 of its bytes ${digest}`
    );
  }
  if (reported !== digest) {
    throw new GreenlightError(
      `registry ${image.registry} serves ${where} as ${digest} (sha256 of the manifest bytes), but ${builder} reported ${reported ?? "no digest"}`,
      {
        hint: "another push may have moved the tag meanwhile, or the registry rewrote the manifest; rerun the build"
      }
    );
  }
  const doc = JSON.parse(Buffer.from(manifest.bytes).toString("utf8"));
  if (!doc.manifests) return { digest, sizeBytes: manifestSize(doc), platforms: [] };
  const sizes = {};
  for (const entry of doc.manifests) {
    const platform = formatPlatform(entry.platform);
    const child = await client.getManifest(image.repository, entry.digest);
    sizes[platform] = manifestSize(JSON.parse(Buffer.from(child.bytes).toString("utf8")));
  }
  return { digest, sizeBytes: sizes, platforms: doc.manifests.map((m) => formatPlatform(m.platform)) };
}
function manifestSize(doc) {
  return (doc.config?.size ?? 0) + (doc.layers ?? []).reduce((sum, layer) => sum + layer.size, 0);
}
function formatPlatform(p) {
  return p ? [p.os, p.architecture, p.variant].filter(Boolean).join("/") : "unknown/unknown";
}

// src/commands/build-and-attest.ts
async function buildAndAttest(s) {
  const built = await buildOnly(s);
  const report = buildReport(built);
  const outputs = buildOutputs(built);
  if (built.digest && s.config.signing.mode !== "none") {
    const { attestDigest } = await import("./chunk-EHRCOHRT.mjs");
    const attested = await attestDigest(s, built.digest);
    Object.assign(outputs, attested.outputs);
    report.facts.push(...attested.report.facts);
  }
  return { outputs, report, ...built.digest ? { digest: built.digest } : {} };
}
async function buildOnly(s) {
  const { config, ctx } = s;
  const image = s.image();
  const git = await readGitState(config.build.context, ctx.github);
  return buildImage(
    {
      image,
      ...config.build,
      dockerConfigDir: s.dockerConfigDir(),
      git,
      env: ctx.env
    },
    {
      log: ctx.log,
      registryClientFor: (registry) => s.registryClient(registry),
      ...ctx.cacheStore ? { cacheStore: ctx.cacheStore } : {}
    }
  );
}
function buildOutputs(built) {
  return {
    digest: built.digest ?? "",
    image: built.image ?? "",
    tags: built.tags.join("\n"),
    metadata: JSON.stringify({
      digest: built.digest,
      image: built.image,
      tags: built.tags,
      imageid: built.imageId,
      platforms: built.platforms,
      size: built.sizeBytes,
      labels: built.labels,
      builder: built.builder,
      durations: built.durations,
      ...built.metadata
    })
  };
}
function buildReport(built) {
  const size = typeof built.sizeBytes === "number" ? bytes(built.sizeBytes) : Object.entries(built.sizeBytes ?? {}).map(([platform, n]) => `${platform}: ${bytes(n)}`).join(", ");
  return {
    title: built.image ? `Built ${built.image}` : "Built (not pushed: no digest)",
    facts: [
      ["image", built.image ?? "(not pushed)"],
      ["digest", built.digest ?? "(not pushed)"],
      ["tags", built.tags.join(", ")],
      ["size", size || "-"],
      ["builder", built.builder],
      ["build", `${(built.durations.buildMs / 1e3).toFixed(1)} s`],
      ["push", `${(built.durations.pushMs / 1e3).toFixed(1)} s`],
      ["cache", built.cache]
    ]
  };
}
function bytes(n) {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}

export {
  buildAndAttest
};
//# sourceMappingURL=chunk-V5JQCEQI.mjs.map
