import { resolve } from "node:path";
import { GreenlightError } from "../errors";
import { readGitState } from "../git";
import type { LocalProvenanceSource } from "./source";

/** Builder id recorded for builds made by the greenlight CLI outside Actions. */
export const CLI_BUILDER_ID = "https://greenlight.dev/builders/cli/v1";

/** Reads commit, remote, ref and the dirty flag of the git checkout at `dir`. */
export async function sourceFromGit(dir: string, builderId = CLI_BUILDER_ID): Promise<LocalProvenanceSource> {
  const git = await readGitState(dir);
  if (!git.sha) {
    throw new GreenlightError(`${dir} is not a git repository with a commit`, {
      hint: "run greenlight from the checkout the image was built from, or pass the directory of one",
    });
  }
  const tag = git.tags[0];
  return {
    kind: "local",
    repositoryUrl: git.remoteUrl ?? `file://${resolve(dir)}`,
    ref: git.branch ? `refs/heads/${git.branch}` : tag ? `refs/tags/${tag}` : "HEAD",
    sha: git.sha,
    dirty: git.dirty ?? false,
    builderId,
  };
}
