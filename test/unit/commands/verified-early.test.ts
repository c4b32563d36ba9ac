// verifiedEarly: the provenance check of the color a switch is expected to go to starts before the
// lock; the engine's check under the lock gets that result only for the very same digest.
import { describe, expect, it } from "vitest";
import { verifiedEarly } from "../../../src/commands/verification";
import type { SwitchVerifier } from "../../../src/deploy/bluegreen";

const A = `sha256:${"a".repeat(64)}`;
const B = `sha256:${"b".repeat(64)}`;

/** A verifier that records the digests it was asked for and refuses `bad`. */
function recording(bad?: string): { verify: SwitchVerifier; asked: string[] } {
  const asked: string[] = [];
  const verify: SwitchVerifier = async (digest) => {
    asked.push(digest);
    if (digest === bad) throw new Error(`${digest} is not signed`);
    return { verified: true, detail: `ok ${digest}` };
  };
  return { verify, asked };
}

describe("verifiedEarly", () => {
  it.each([
    {
      name: "same digest under the lock: the early check's result, not a second check",
      expected: A,
      under: A,
      calls: [A],
    },
    {
      name: "the color's digest changed while waiting for the lock: verified afresh",
      expected: A,
      under: B,
      calls: [A, B],
    },
  ])("$name", async ({ expected, under, calls }) => {
    const { verify, asked } = recording();
    const early = verifiedEarly(verify, expected);
    expect(asked).toEqual([expected]); // started at once, before the lock
    expect(await early(under)).toEqual({ verified: true, detail: `ok ${under}` });
    expect(asked).toEqual(calls);
  });

  it("an early refusal is the answer under the lock (never swallowed), and a changed digest is checked on its own", async () => {
    const { verify } = recording(A);
    const early = verifiedEarly(verify, A);
    await expect(early(A)).rejects.toThrow(/not signed/);
    await expect(early(B)).resolves.toEqual({ verified: true, detail: `ok ${B}` });
  });
});
