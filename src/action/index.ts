// stack traces name the TypeScript sources in a debug run (RUNNER_DEBUG); otherwise the maps are not parsed
if (process.env.RUNNER_DEBUG === "1") process.setSourceMapsEnabled(true);

// dist/index.cjs loads the engine's ESM build (dist/esm/action.mjs) here: see scripts/build.mjs.
void import("./main").then(({ run }) => run());
