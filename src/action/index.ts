import { keepCompiledCode } from "../compile-cache";

// stack traces name the TypeScript sources in a debug run (RUNNER_DEBUG); otherwise the maps are not parsed
if (process.env.RUNNER_DEBUG === "1") process.setSourceMapsEnabled(true);

// a later greenlight step of the job compiles none of the engine's modules (compile-cache.ts)
keepCompiledCode(process.env);

// dist/index.cjs loads the engine's ESM build (dist/esm/action.mjs) here: see scripts/build.mjs.
void import("./main").then(({ run }) => run());
