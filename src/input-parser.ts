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

/**
 * Splits a command line into argv the way a shell splits words (single and double quotes,
 * backslash escapes), without running a shell: no variables, globs, pipes or redirections.
 */
export function splitArgs(text: string, input: InputName): string[] {
  const args: string[] = [];
  let word = "";
  let inWord = false;
  let quote: string | undefined;
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
      if (inWord) args.push(word);
      word = "";
      inWord = false;
      continue;
    }
    word += c;
    inWord = true;
  }
  if (quote) throw new InputError(input, `has an unclosed ${quote}`, "a command with balanced quotes");
  if (inWord) args.push(word);
  if (!args.length) throw new InputError(input, "is empty", "a command, e.g. 'npm run smoke'");
  return args;
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
