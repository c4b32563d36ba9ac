import { InputError } from "./errors";
import type { InputName, InputSource } from "./inputs";

/** Typed readers over the raw strings; each error names the input and what would be valid. */
export class Parser {
  constructor(private readonly get: InputSource) {}

  string(name: InputName): string {
    return this.get(name).trim();
  }
  optional<T>(name: InputName, parse: (value: string) => T): T | undefined {
    const value = this.string(name);
    return value ? parse(value) : undefined;
  }
  bool(name: InputName): boolean {
    const value = this.string(name).toLowerCase();
    if (["true", "yes", "1", "on"].includes(value)) return true;
    if (["false", "no", "0", "off", ""].includes(value)) return false;
    throw new InputError(name, `'${value}' is not a boolean`, "true or false");
  }
  /** A whole number from `min` to `max`: an absurd value (past a timer's range, say) is refused, not wrapped. */
  int(name: InputName, min: number, max: number): number {
    const value = this.string(name);
    const valid = `a whole number from ${min} to ${max}`;
    if (!/^\d+$/.test(value) || Number(value) < min)
      throw new InputError(name, `'${value}' is not a whole number >= ${min}`, valid);
    if (value.length > String(max).length || Number(value) > max)
      throw new InputError(name, `${value} is more than ${max}`, valid);
    return Number(value);
  }
  port(name: InputName): number {
    const value = this.string(name);
    if (/^\d+$/.test(value) && (value.length > 5 || Number(value) > 65535))
      throw new InputError(name, `${value} is not a port`, "1-65535");
    return this.int(name, 1, 65535);
  }
  oneOf<T extends string>(name: InputName, values: readonly T[]): T {
    const value = this.string(name);
    if (!(values as readonly string[]).includes(value)) {
      throw new InputError(name, `'${value}' is not supported`, values.join(", "));
    }
    return value as T;
  }
  /** Newline-separated values, blank lines and `#` comments dropped. */
  lines(name: InputName): string[] {
    return this.string(name)
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"));
  }
  /** Newline- or comma-separated values. */
  list(name: InputName): string[] {
    return this.lines(name).flatMap((l) =>
      l
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean),
    );
  }
  regexp(name: InputName, value: string): string {
    compileRegexp(name, value);
    return value;
  }
}

/** One word of a command: text, and the documented variables expanded when the command runs. */
export type CommandWord = string | readonly (string | { variable: string })[];

/**
 * Splits a command line into argv the way a shell splits words (single and double quotes,
 * backslash escapes), without running a shell: no globs, pipes or redirections. Unquoted or in
 * double quotes, `$NAME` and `${NAME}` of `variables` are kept for expansion when the command runs;
 * any other `$NAME` is refused, since no shell would expand it (single quotes and `\$` keep a `$`).
 */
export function splitCommand(
  text: string,
  input: InputName,
  variables: readonly string[] | undefined,
): CommandWord[] {
  const words: CommandWord[] = [];
  let parts: (string | { variable: string })[] = [];
  let text_ = "";
  let inWord = false;
  let quote: string | undefined;
  const flush = () => {
    if (text_) parts.push(text_);
    text_ = "";
  };
  const endWord = () => {
    flush();
    if (inWord) words.push(parts.some((p) => typeof p !== "string") ? parts : parts.join(""));
    parts = [];
    inWord = false;
  };
  for (let i = 0; i < text.length; i++) {
    let c = text.charAt(i);
    if (c === "\\" && quote !== "'" && i + 1 < text.length) {
      c = text.charAt(++i);
    } else if (quote && c === quote) {
      quote = undefined;
      continue;
    } else if (!quote && (c === "'" || c === '"')) {
      quote = c;
      inWord = true;
      continue;
    } else if (!quote && /\s/.test(c)) {
      endWord();
      continue;
    } else if (c === "$" && variables && quote !== "'") {
      const found = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(text.slice(i));
      if (found) {
        const name = (found[1] ?? found[2]) as string;
        if (!variables.includes(name)) throw unexpandedVariable(input, found[0], variables);
        flush();
        parts.push({ variable: name });
        inWord = true;
        i += found[0].length - 1;
        continue;
      }
    }
    text_ += c;
    inWord = true;
  }
  if (quote) throw new InputError(input, `has an unclosed ${quote}`, "a command with balanced quotes");
  endWord();
  if (!words.length) throw new InputError(input, "is empty", "a command, e.g. 'npm run smoke'");
  return words;
}

function unexpandedVariable(input: InputName, found: string, variables: readonly string[]): InputError {
  const listed = variables.map((v) => `$${v}`);
  const named = `${listed.slice(0, -1).join(", ")} and ${listed.at(-1)}`;
  return new InputError(
    input,
    `'${found}' would not be expanded: the command runs without a shell, and greenlight expands only ${named}`,
    `${named} (or \${…}); for other variables let a shell expand them: bash -c '… ${found} …' (single quotes), with the variable passed through 'smoke-env'`,
  );
}

/** A command line split into argv like a shell would, with no variables (a `$` is literal). */
export function splitArgs(text: string, input: InputName): string[] {
  return splitCommand(text, input, undefined).map((w) => (typeof w === "string" ? w : ""));
}

/** argv for a person to read and paste: each word shell-quoted when it needs to be. */
export function shellQuote(argv: readonly string[]): string {
  return argv
    .map((a) => (a !== "" && /^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(" ");
}

export function compileRegexp(input: InputName, pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch (error) {
    throw new InputError(
      input,
      `'${pattern}' is not a regular expression (${(error as Error).message})`,
      "a JavaScript regular expression",
    );
  }
}
