// Preload (`node --import ./bench/count-requests.mjs`): counts the process's HTTP requests
// (requests.mjs) and writes them to stderr at exit as `count-requests: <n> <METHOD path → status>, …`
// (repository and digests shortened), then grouped: `count-requests-grouped: <n>× <request>, …`.
import { countRequests, grouped } from "./requests.mjs";

const seen = countRequests();
process.on("exit", () => {
  process.stderr.write(`count-requests: ${seen.length} ${seen.join(", ")}\n`);
  process.stderr.write(`count-requests-grouped: ${grouped(seen).join(", ")}\n`);
});
