process.setSourceMapsEnabled(true);

// dist/index.cjs loads the engine's ESM build (dist/esm/action.mjs) here: see scripts/build.mjs.
void import("./main").then(({ run }) => run());
