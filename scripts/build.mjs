// Bundles the action and the CLI into dist/ (committed; CI checks it matches a fresh build).
// Source maps carry mappings only (no sources content): stack traces point at src/ and
// node_modules/ paths while the committed maps stay small.
//
// Layout: the engine is one ESM build split into chunks (dist/esm/), so a command loads only the
// modules it uses (the CLI's `rollback` never parses sigstore, TUF, protobuf, the Kubernetes or the
// GitHub client). The entry points keep their names: dist/index.cjs (action.yml `main`) and
// dist/cli.cjs (package.json `bin`) are small CommonJS files that check what they must check first
// (the CLI: the Node version) and then `import()` their ESM entry.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";

const common = {
  bundle: true,
  platform: "node",
  target: "node24",
  legalComments: "none",
  metafile: true,
  sourcemap: "linked",
  sourcesContent: false,
  logLevel: "warning",
};

// `node scripts/build.mjs [outdir]`: the dist test builds into a temporary directory and compares.
const out = process.argv[2] ?? "dist";
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

/** The entry's `./main` import becomes a run-time import of the ESM build's entry `esm`. */
const loadsEsm = (esm) => ({
  name: "loads-esm",
  setup(build) {
    build.onResolve({ filter: /^\.\/main$/ }, () => ({ path: `./esm/${esm}.mjs`, external: true }));
  },
});

const results = await Promise.all([
  esbuild.build({
    ...common,
    format: "esm",
    splitting: true,
    entryPoints: { cli: "src/cli/main.ts", action: "src/action/main.ts" },
    outdir: join(out, "esm"),
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunk-[hash]",
    // bundled CommonJS packages call require() and read __filename/__dirname
    banner: {
      js: [
        'import { createRequire as __glCreateRequire } from "node:module";',
        'import { fileURLToPath as __glFileURLToPath } from "node:url";',
        "const require = __glCreateRequire(import.meta.url);",
        "const __filename = __glFileURLToPath(import.meta.url);",
        'const __dirname = __glFileURLToPath(new URL(".", import.meta.url));',
      ].join(" "),
    },
  }),
  esbuild.build({
    ...common,
    format: "cjs",
    entryPoints: ["src/action/index.ts"],
    outfile: join(out, "index.cjs"),
    plugins: [loadsEsm("action")],
  }),
  esbuild.build({
    ...common,
    format: "cjs",
    entryPoints: ["src/cli/bin.ts"],
    outfile: join(out, "cli.cjs"),
    banner: { js: "#!/usr/bin/env node" },
    plugins: [loadsEsm("cli")],
  }),
]);
writeFileSync(join(out, "licenses.txt"), licenseNotices(results.map((r) => r.metafile)));

/** Third-party licence notices for every package that ended up in a bundle. */
function licenseNotices(metafiles) {
  const packages = new Set();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match) packages.add(match[1]);
    }
  }
  const notices = [];
  for (const name of [...packages].sort()) {
    const dir = join("node_modules", name);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    const text = file ? readFileSync(join(dir, file), "utf8").trim() : "";
    notices.push(`${name}@${pkg.version}\n${pkg.license ?? "UNKNOWN"}\n${text}`);
  }
  return `${notices.join("\n\n-----\n\n")}\n`;
}
