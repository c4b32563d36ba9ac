import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  InputError
} from "./chunk-XAPMUR2Q.mjs";

// src/input-parser.ts
var Parser = class {
  constructor(get) {
    this.get = get;
  }
  get;
  string(name) {
    return this.get(name).trim();
  }
  optional(name, parse) {
    const value = this.string(name);
    return value ? parse(value) : void 0;
  }
  bool(name) {
    const value = this.string(name).toLowerCase();
    if (["true", "yes", "1", "on"].includes(value)) return true;
    if (["false", "no", "0", "off", ""].includes(value)) return false;
    throw new InputError(name, `'${value}' is not a boolean`, "true or false");
  }
  /** A whole number from `min` to `max`: an absurd value (past a timer's range, say) is refused, not wrapped. */
  int(name, min, max) {
    const value = this.string(name);
    const valid = `a whole number from ${min} to ${max}`;
    if (!/^\d+$/.test(value) || Number(value) < min)
      throw new InputError(name, `'${value}' is not a whole number >= ${min}`, valid);
    if (value.length > String(max).length || Number(value) > max)
      throw new InputError(name, `${value} is more than ${max}`, valid);
    return Number(value);
  }
  port(name) {
    const value = this.string(name);
    if (/^\d+$/.test(value) && (value.length > 5 || Number(value) > 65535))
      throw new InputError(name, `${value} is not a port`, "1-65535");
    return this.int(name, 1, 65535);
  }
  oneOf(name, values) {
    const value = this.string(name);
    if (!values.includes(value)) {
      throw new InputError(name, `'${value}' is not supported`, values.join(", "));
    }
    return value;
  }
  /** Newline-separated values, blank lines and `#` comments dropped. */
  lines(name) {
    return this.string(name).split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  }
  /** Newline- or comma-separated values. */
  list(name) {
    return this.lines(name).flatMap(
      (l) => l.split(",").map((v) => v.trim()).filter(Boolean)
    );
  }
  regexp(name, value) {
    compileRegexp(name, value);
    return value;
  }
};
function splitCommand(text, input, variables) {
  const words = [];
  let parts = [];
  let text_ = "";
  let inWord = false;
  let quote;
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
      quote = void 0;
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
        const name = found[1] ?? found[2];
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
function unexpandedVariable(input, found, variables) {
  const listed = variables.map((v) => `$${v}`);
  const named = `${listed.slice(0, -1).join(", ")} and ${listed.at(-1)}`;
  return new InputError(
    input,
    `'${found}' would not be expanded: the command runs without a shell, and greenlight expands only ${named}`,
    `${named} (or \${\u2026}); for other variables let a shell expand them: bash -c '\u2026 ${found} \u2026' (single quotes), with the variable passed through 'smoke-env'`
  );
}
function shellQuote(argv) {
  return argv.map((a) => a !== "" && /^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
}
function compileRegexp(input, pattern) {
  try {
    return new RegExp(pattern);
  } catch (error) {
    throw new InputError(
      input,
      `'${pattern}' is not a regular expression (${error.message})`,
      "a JavaScript regular expression"
    );
  }
}

export {
  Parser,
  splitCommand,
  shellQuote,
  compileRegexp
};
//# sourceMappingURL=chunk-AXO4PEG5.mjs.map
