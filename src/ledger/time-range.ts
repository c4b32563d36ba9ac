import { InputError } from "../errors";
import type { InputName } from "../inputs";

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/** A span such as `30d`, `12h`, `2w`, `90m` in milliseconds, or undefined when `text` is not one. */
export function parseSpan(text: string): number | undefined {
  const match = /^(\d+)([mhdw])$/.exec(text.trim());
  if (!match) return undefined;
  const n = Number(match[1]);
  return n > 0 ? n * UNIT_MS[match[2] as keyof typeof UNIT_MS] : undefined;
}

/** Checks a time input at the edge: an ISO 8601 time or a span back from now (`7d`). Pure. */
export function checkTimeInput(input: InputName, text: string): string {
  if (parseSpan(text) !== undefined || isIsoTime(text)) return text;
  throw new InputError(
    input,
    `'${text}' is neither an ISO 8601 time nor a span back from now`,
    "e.g. 2026-11-01, 2026-11-01T12:00:00Z, or 7d, 12h, 2w, 90m",
  );
}

/** The instant a time input names: an ISO time as written, a span as that long before `now`. */
export function resolveTime(text: string, now: Date): Date {
  const span = parseSpan(text);
  return span !== undefined ? new Date(now.getTime() - span) : new Date(text);
}

function isIsoTime(text: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(text) &&
    !Number.isNaN(new Date(text).getTime())
  );
}
