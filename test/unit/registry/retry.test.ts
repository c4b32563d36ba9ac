import { describe, expect, it } from "vitest";
import { backoffDelay, isRetryableStatus, parseRetryAfter } from "../../../src/registry/retry";

const now = new Date("2026-11-27T16:00:00Z");

describe("parseRetryAfter", () => {
  it.each([
    [null, undefined],
    ["", undefined],
    ["0", 0],
    ["3", 3000],
    [" 120 ", 120_000],
    ["-1", undefined],
    ["1.5", undefined],
    ["Fri, 27 Nov 2026 16:00:10 GMT", 10_000],
    ["Fri, 27 Nov 2026 15:59:00 GMT", 0], // in the past: retry now
    ["soon", undefined],
  ])("%j -> %j", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe("backoffDelay", () => {
  const policy = { attempts: 4, baseMs: 100, maxMs: 1000 };
  it.each([
    [1, 50, 100],
    [2, 100, 200],
    [3, 200, 400],
    [4, 400, 800],
    [5, 500, 1000], // capped
    [30, 500, 1000],
  ])("retry %i stays within [%i, %i]", (attempt, low, high) => {
    expect(backoffDelay(attempt, policy, () => 0)).toBe(low);
    expect(backoffDelay(attempt, policy, () => 0.999999)).toBe(high);
    const middle = backoffDelay(attempt, policy);
    expect(middle).toBeGreaterThanOrEqual(low);
    expect(middle).toBeLessThanOrEqual(high);
  });
});

describe("isRetryableStatus", () => {
  it.each([
    [200, false],
    [401, false],
    [404, false],
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
  ])("%i -> %s", (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });
});
