import { InputError } from "../errors";
import type { GitState } from "../git";
import type { ImageReference } from "./reference";
import { formatSemver, semverOf, shortShaTag } from "./tags";

const OCI = "org.opencontainers.image";

/**
 * OCI labels from git, then the user's `labels` (`key=value`, overriding ours). `created` is the
 * commit time, never the time of the build, so two builds of one commit carry the same labels.
 */
export function computeLabels(
  image: ImageReference,
  git: GitState,
  userLabels: readonly string[],
): Record<string, string> {
  const labels: Record<string, string> = {};
  const set = (key: string, value: string | undefined) => {
    if (value) labels[`${OCI}.${key}`] = value;
  };
  set("title", image.repository.split("/").at(-1));
  set("source", git.remoteUrl);
  set("revision", git.sha);
  set("created", git.commitTime);
  const version = semverOf(git.tags);
  set("version", version ? formatSemver(version) : git.sha ? shortShaTag(git.sha) : undefined);
  for (const [key, value] of parseKeyValues("labels", userLabels)) labels[key] = value;
  return labels;
}

/** `key=value` lines (the form of build-push-action's `labels` and `build-args`); `input` names the input. */
export function parseKeyValues(input: string, lines: readonly string[]): Array<[string, string]> {
  return lines
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const eq = line.indexOf("=");
      if (eq <= 0) throw new InputError(input, `'${line}' is not key=value`, "one key=value per line");
      return [line.slice(0, eq).trim(), line.slice(eq + 1)] as [string, string];
    });
}
