import { commandInputs } from "../command-inputs";
import type { Command, Config } from "../config";
import { repositoryName } from "../image/reference";
import { shellQuote } from "../input-parser";
import { type InputName, LIST_INPUTS } from "../inputs";
import { requireImage } from "./required-inputs";

/** Inputs that never carry over into a printed next command. */
const NOT_REPEATED: ReadonlySet<InputName> = new Set(["dry-run", "format", "to", "reason", "subject-digest"]);

/**
 * The CLI command that runs `command` next against the same environment, as it can be pasted: the
 * inputs this run was given that the command reads (secrets left out: they come from the
 * environment or docker login), the image as a repository, and `set` on top.
 */
export function nextCommand(
  config: Config,
  command: Command,
  set: Partial<Record<InputName, string>> = {},
): string {
  const values: Partial<Record<InputName, string>> = {
    ...config.given,
    image: repositoryName(requireImage(config)),
  };
  const args: string[] = [];
  for (const name of commandInputs(command)) {
    const value = name in set ? set[name] : NOT_REPEATED.has(name) ? undefined : values[name];
    if (!value) continue;
    const each = LIST_INPUTS.has(name) ? value.split("\n").filter((v) => v.trim()) : [value];
    for (const v of each) args.push(`--${name}`, v);
  }
  return `greenlight ${command} ${shellQuote(args)}`;
}
