import { keepCompiledCode } from "../compile-cache";
import { unsupportedNode } from "./node-version";

// Before anything else (the engine is loaded only after this check): an older Node must not get as
// far as building, pushing or signing.
const unsupported = unsupportedNode(process.version, process.argv[1] ?? "dist/cli.cjs");
if (unsupported) {
  process.stderr.write(`error: ${unsupported}\n`);
  process.exitCode = 2; // an error (see EXIT in src/result-format.ts), not a refusal
} else {
  // stack traces name the TypeScript sources when debugging; otherwise the maps are not parsed
  // (about 12 ms of every run's CPU, measured with --cpu-prof on a warm rollback)
  if (process.env.GREENLIGHT_DEBUG || process.env.RUNNER_DEBUG === "1") process.setSourceMapsEnabled(true);
  keepCompiledCode(process.env);
  void import("./main").then(({ main }) =>
    main(process.argv.slice(2), process.env).then((code) => {
      process.exitCode = code;
    }),
  );
}
