import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));

// src/context.ts
function githubServerUrl(env) {
  return (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, "");
}
function runFacts(env) {
  const server = githubServerUrl(env);
  const runUrl = env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${env.GITHUB_RUN_ATTEMPT || "1"}` : void 0;
  return { actor: env.GITHUB_ACTOR || env.USER || env.LOGNAME || "unknown", runUrl };
}

export {
  githubServerUrl,
  runFacts
};
//# sourceMappingURL=chunk-JKSWZDHS.mjs.map
