import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { githubAttestationUpload } from "../../../src/github/attestations";
import type { SerializedBundle } from "../../../src/provenance/dsse";
import { GitHubApiDouble } from "../../support/github-api";
import { githubRun } from "../../support/github-context";

// GitHub's API cannot be reached from the test machines: a loopback double of the endpoint stands in.
describe("githubAttestationUpload", () => {
  let api: GitHubApiDouble;
  beforeAll(async () => {
    api = await GitHubApiDouble.start();
  });
  afterAll(() => api.close());

  const bundle = {
    mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
  } as unknown as SerializedBundle;
  const env = { GITHUB_REPOSITORY: "acme/app", GITHUB_API_URL: "" };

  it("posts the bundle to the repository's attestations endpoint with the token", async () => {
    const upload = githubAttestationUpload("tok-1", githubRun({ ...env, GITHUB_API_URL: api.baseUrl }));
    const id = await upload(bundle);
    expect(id).toMatch(/^\d+$/);
    const request = api.requests.at(-1);
    expect(request).toMatchObject({ method: "POST", path: "/repos/acme/app/attestations", body: { bundle } });
    expect(request?.authorization).toBe("token tok-1");
  });

  it("says which permission is missing when GitHub refuses", async () => {
    api.failures.set("POST /repos/acme/app/attestations", 403);
    const upload = githubAttestationUpload("tok-1", githubRun({ ...env, GITHUB_API_URL: api.baseUrl }));
    await expect(upload(bundle)).rejects.toThrow("GitHub attestations API refused the bundle for acme/app");
  });
});
