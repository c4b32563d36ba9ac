/** One `WWW-Authenticate` challenge: scheme (lower case) and its parameters. */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses a `WWW-Authenticate` header (RFC 9110 §11.6.1): one or more challenges, each a scheme
 * followed by comma-separated `key=value` or `key="quoted value"` parameters.
 */
export function parseWwwAuthenticate(header: string | null | undefined): Challenge[] {
  if (!header) return [];
  const challenges: Challenge[] = [];
  let i = 0;
  const text = header;
  const skip = (pattern: RegExp) => {
    while (i < text.length && pattern.test(text.charAt(i))) i++;
  };
  while (i < text.length) {
    skip(/[\s,]/);
    const scheme = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/.exec(text.slice(i))?.[0];
    if (!scheme) break;
    i += scheme.length;
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    for (;;) {
      skip(/[\s,]/);
      const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*/.exec(text.slice(i));
      if (!match?.[1]) break;
      i += match[0].length;
      challenge.params[match[1].toLowerCase()] = readValue();
    }
  }
  return challenges;

  function readValue(): string {
    if (text.charAt(i) !== '"') {
      const token = /^[^\s,]*/.exec(text.slice(i))?.[0] ?? "";
      i += token.length;
      return token;
    }
    let value = "";
    for (i++; i < text.length; i++) {
      const c = text.charAt(i);
      if (c === "\\") value += text.charAt(++i);
      else if (c === '"') {
        i++;
        break;
      } else value += c;
    }
    return value;
  }
}
