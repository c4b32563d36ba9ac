import { describe, expect, it } from "vitest";
import { outputLines } from "../../src/output-lines";

describe("outputLines", () => {
  it.each([
    ["whole lines", ["#1 [internal] load\n#2 DONE 0.1s\n"], ["#1 [internal] load", "#2 DONE 0.1s"]],
    [
      "a line cut across chunks",
      ["#3 [1/2] FR", "OM docker.io/x\n#3 DO", "NE\n"],
      ["#3 [1/2] FROM docker.io/x", "#3 DONE"],
    ],
    [
      "an unfinished last line, given at the end",
      ["Step 1/2 : FROM x\nStep 2/2"],
      ["Step 1/2 : FROM x", "Step 2/2"],
    ],
    ["carriage-return redraws and CRLF", ["10%\r50%\r100%\r\ndone\r\n"], ["10%", "50%", "100%", "done"]],
    ["blank lines dropped, trailing blanks trimmed", ["\n\na  \n\n"], ["a"]],
  ] as const)("%s", (_, chunks, lines) => {
    const seen: string[] = [];
    const out = outputLines((line) => seen.push(line));
    for (const chunk of chunks) out.write(chunk);
    out.flush();
    expect(seen).toEqual(lines);
  });

  it("gives each complete line as it arrives, before the child ends", () => {
    const seen: string[] = [];
    const out = outputLines((line) => seen.push(line));
    out.write("#1 building\n#2 pus");
    expect(seen).toEqual(["#1 building"]);
  });
});
