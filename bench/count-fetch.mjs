// Preload (`node --import ./bench/count-fetch.mjs`): counts the process's fetch() requests and writes
// them to stderr at exit as `count-fetch: <n> <METHOD path → status>, …` (repository and digests
// shortened), then the same grouped: `count-fetch-grouped: <n>× <METHOD path → status>, …`.
const seen = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  const path = url.pathname
    .replace(/^\/v2\/.+\/(manifests|blobs|referrers|tags)\//, "/v2/<repo>/$1/")
    .replace(/sha256-[a-f0-9]{64}/g, "sha256-<hex>")
    .replace(/sha256:[a-f0-9]{64}/g, "<digest>")
    .replace(/\/uploads\/[^/]+$/, "/uploads/<id>");
  const at = seen.push(`${init?.method ?? "GET"} ${path}`) - 1;
  const response = await realFetch(input, init);
  seen[at] += ` → ${response.status}`;
  return response;
};
process.on("exit", () => {
  process.stderr.write(`count-fetch: ${seen.length} ${seen.join(", ")}\n`);
  const groups = new Map();
  for (const request of seen) groups.set(request, (groups.get(request) ?? 0) + 1);
  const grouped = [...groups].map(([request, n]) => `${n}× ${request}`);
  process.stderr.write(`count-fetch-grouped: ${grouped.join(", ")}\n`);
});
