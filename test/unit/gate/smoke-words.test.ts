import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config";
import { runSmokeCommand } from "../../../src/gate/command";
import { INPUTS, type InputName, type InputSpec } from "../../../src/inputs";

const context = { previewUrl: "http://127.0.0.1:9/", digest: `sha256:${"a".repeat(64)}`, color: "green" };

/** The smoke command as the user writes it in `smoke-command`, through the real input parsing. */
function smoke(text: string) {
  const inputs: Partial<Record<InputName, string>> = {
    command: "deploy",
    image: "r/app",
    "smoke-command": text,
  };
  const get = (n: InputName) =>
    inputs[n] ?? ((INPUTS[n] as InputSpec).default ?? "").replace(/^\$\{\{.*/, "");
  return parseConfig(get, {}, () => "").deploy.smokeCommand ?? [];
}

describe("smoke-command: the documented variables are expanded without a shell", () => {
  it.each([
    ["echo $PREVIEW_URL", `http://127.0.0.1:9/`],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the ${NAME} form of the smoke command
    ["echo ${PREVIEW_URL}healthz", `http://127.0.0.1:9/healthz`],
    ['echo "$COLOR:$DIGEST"', `green:${context.digest}`],
    ["echo url=$PREVIEW_URL", "url=http://127.0.0.1:9/"],
    // single quotes and a backslash keep a $ literal, as in a shell
    ["echo '$PREVIEW_URL'", "$PREVIEW_URL"],
    ["echo \\$COLOR", "$COLOR"],
    ["echo cost: 5$", "cost: 5$"],
  ])("%s -> %s", async (text, printed) => {
    const result = await runSmokeCommand({ argv: smoke(text) }, context);
    expect(result.passed).toBe(true);
    expect(result.detail).toBe(`exit 0: ${printed}`);
  });

  it.each([
    ["curl $API_URL/healthz", "'$API_URL'"],
    ['sh -c "curl $PREVIEW_URL | grep $EXPECTED"', "'$EXPECTED'"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the ${NAME} form of the smoke command
    ["echo ${HOME}", "'${HOME}'"],
  ])("refuses %s, naming the input, the variable and the fix", (text, variable) => {
    expect(() => smoke(text)).toThrow(`input 'smoke-command': ${variable}`);
    try {
      smoke(text);
    } catch (error) {
      expect((error as { hint?: string }).hint).toContain("bash -c '");
      expect((error as { hint?: string }).hint).toContain("$PREVIEW_URL, $DIGEST and $COLOR");
    }
  });

  it("a shell given the command in single quotes expands the rest itself", async () => {
    const argv = smoke(`sh -c 'echo "$COLOR $PREVIEW_URL"'`);
    const result = await runSmokeCommand({ argv }, context);
    expect(result.detail).toBe("exit 0: green http://127.0.0.1:9/");
  });

  it("names the gate with the command as run, quotes included", async () => {
    const result = await runSmokeCommand({ argv: smoke(`sh -c 'echo "a b"' x`) }, context);
    expect(result.name).toBe(`smoke: sh -c 'echo "a b"' x`);
    const expanded = await runSmokeCommand({ argv: smoke(`echo "$PREVIEW_URL" 'it''s'`) }, context);
    expect(expanded.name).toBe(`smoke: echo http://127.0.0.1:9/ its`);
    const spaced = await runSmokeCommand({ argv: smoke(`echo "two words" "it's"`) }, context);
    expect(spaced.name).toBe(`smoke: echo 'two words' 'it'\\''s'`);
  });
});
