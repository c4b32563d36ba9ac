import { resolve } from "node:path";
import { GreenlightError } from "../errors";
import { exec } from "../exec";
import { type LocalBuildContext, normaliseRemoteUrl } from "./context";

/** Builder id recorded for builds made by the greenlight CLI outside Actions. */
export const CLI_BUILDER_ID = "https://greenlight.dev/builders/cli/v1";

/** Reads commit, remote, ref and the dirty flag of the git checkout at `dir`. */
export async function contextFromGit(dir: string, builderId = CLI_BUILDER_ID): Promise<LocalBuildContext> {
  const git = async (...args: string[]) =>
    (await exec("git", ["-C", dir, ...args], { allowFailure: true })).stdout.trim();
  const sha = await git("rev-parse", "--verify", "HEAD");
  if (!/^[0-9a-f]{40,64}$/.test(sha)) {
    throw new GreenlightError(`${dir} is not a git repository with a commit`, {
      hint: "run greenlight from the checkout the image was built from, or pass the directory of one",
    });
  }
  const branch = await git("symbolic-ref", "--quiet", "HEAD");
  const tag = branch ? "" : (await git("tag", "--points-at", "HEAD")).split("\n")[0];
  const ref = branch || (tag ? `refs/tags/${tag}` : "HEAD");
  const remote = await pickRemote(git, branch);
  const status = await git("status", "--porcelain", "--untracked-files=normal");
  return {
    kind: "local",
    repositoryUrl: remote ? normaliseRemoteUrl(remote) : `file://${resolve(dir)}`,
    ref,
    sha,
    dirty: status.length > 0,
    builderId,
  };
}

async function pickRemote(git: (...args: string[]) => Promise<string>, branch: string): Promise<string> {
  const tracked = branch ? await git("config", `branch.${branch.replace("refs/heads/", "")}.remote`) : "";
  const name = tracked || (await git("remote")).split("\n")[0] || "";
  return name ? git("remote", "get-url", name) : "";
}
