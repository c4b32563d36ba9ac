// Bundles the action and the CLI into dist/ (committed; CI checks it matches a fresh build).
// Source maps carry mappings only (no sources content): stack traces point at src/ and
// node_modules/ paths while the committed maps stay small.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";

const common = {
  bundle: true,
  platform: "node",
  target: "node24",
  format: "cjs",
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
const results = await Promise.all([
  esbuild.build({ ...common, entryPoints: ["src/action/index.ts"], outfile: join(out, "index.cjs") }),
  esbuild.build({
    ...common,
    entryPoints: ["src/cli/bin.ts"],
    outfile: join(out, "cli.cjs"),
    banner: { js: "#!/usr/bin/env node" },
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
