import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

/**
 * The workflows in .github/workflows, every ```yaml block in README.md and the callers act runs
 * (test/fixtures/act): every key sent to the action or to a reusable workflow exists there.
 * actionlint itself (the current version, built by scripts/stack.sh) runs over the same files in
 * test/integration/actionlint.test.ts.
 */

type Yaml = Record<string, unknown>;
type Job = Yaml & { uses?: string; with?: Yaml; secrets?: Yaml | "inherit"; steps?: Step[] };
type Step = Yaml & { uses?: string; with?: Yaml; id?: string };

const WORKFLOW_DIR = ".github/workflows";
const workflowFiles = readdirSync(WORKFLOW_DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => `${WORKFLOW_DIR}/${f}`);
const docBlocks = ["README.md"]
  .filter((file) => existsSync(file))
  .flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(/^```yaml\n([\s\S]*?)^```/gm)].map((m, i) => ({
      name: `${file} yaml block ${i + 1}`,
      text: m[1] ?? "",
    })),
  );
const ACT_FIXTURE_WORKFLOWS = "test/fixtures/act/shop/.github/workflows";
const actCallers = (existsSync(ACT_FIXTURE_WORKFLOWS) ? readdirSync(ACT_FIXTURE_WORKFLOWS) : [])
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => ({
    name: `${ACT_FIXTURE_WORKFLOWS}/${f}`,
    text: readFileSync(`${ACT_FIXTURE_WORKFLOWS}/${f}`, "utf8"),
  }));
const sources = [
  ...workflowFiles.map((f) => ({ name: f, text: readFileSync(f, "utf8") })),
  ...docBlocks,
  ...actCallers,
];

const actionInputs = new Set(Object.keys((parse(readFileSync("action.yml", "utf8")) as Yaml).inputs as Yaml));
const isGreenlightAction = (uses: string | undefined) =>
  uses === "./" || /^greenlight\/greenlight@/.test(uses ?? "");

const jobsOf = (text: string) => ((parse(text) as Yaml).jobs ?? {}) as Record<string, Job>;

describe("sources", () => {
  it("finds the workflows and the documented examples", () => {
    expect(workflowFiles).toEqual(
      expect.arrayContaining([
        ".github/workflows/ci.yml",
        ".github/workflows/deploy.yml",
        ".github/workflows/rollback.yml",
      ]),
    );
    expect(docBlocks.length).toBeGreaterThanOrEqual(3);
    expect(actCallers.length).toBeGreaterThanOrEqual(2);
  });
});

describe("keys sent to the greenlight action", () => {
  const steps = sources.flatMap((s) =>
    Object.values(jobsOf(s.text)).flatMap((job) =>
      (job.steps ?? []).filter((st) => isGreenlightAction(st.uses)).map((st) => [s.name, st] as const),
    ),
  );

  it("covers the reusable workflows, CI and the step example", () => {
    expect(new Set(steps.map(([name]) => name))).toEqual(
      new Set([
        ".github/workflows/ci.yml",
        ".github/workflows/deploy.yml",
        ".github/workflows/rollback.yml",
        "README.md yaml block 1",
      ]),
    );
  });

  it.each(steps)("are inputs of action.yml in %s", (_name, step) => {
    expect(Object.keys(step.with ?? {}).filter((k) => !actionInputs.has(k))).toEqual([]);
  });
});

describe.each(["deploy.yml", "rollback.yml"])("reusable workflow %s", (file) => {
  const text = readFileSync(`${WORKFLOW_DIR}/${file}`, "utf8");
  const doc = parse(text) as Yaml;
  const on = doc.on as Record<
    string,
    { inputs?: Yaml; secrets?: Yaml; outputs?: Record<string, { value: string }> }
  >;
  const call = on.workflow_call ?? {};
  const jobsText = text.slice(text.indexOf("\njobs:"));
  const referenced = (context: string) =>
    new Set([...jobsText.matchAll(new RegExp(`\\b${context}\\.([A-Za-z0-9_-]+)`, "g"))].map((m) => m[1]));

  it("uses every input it declares, and declares every input it uses", () => {
    const declared = Object.keys(call.inputs ?? {}).sort();
    expect([...referenced("inputs")].sort()).toEqual(declared);
  });

  it("uses every secret it declares, and declares every secret it uses", () => {
    const declared = Object.keys(call.secrets ?? {}).sort();
    expect([...referenced("secrets")].sort()).toEqual(declared);
  });

  it("takes the same inputs when dispatched as when called", () => {
    if (!on.workflow_dispatch) return;
    expect(Object.keys(on.workflow_dispatch.inputs ?? {}).sort()).toEqual(
      Object.keys(call.inputs ?? {}).sort(),
    );
  });

  it("outputs values that its jobs and steps produce", () => {
    const jobs = jobsOf(text);
    for (const [name, output] of Object.entries(call.outputs ?? {})) {
      const m = /^\$\{\{ jobs\.([\w-]+)\.outputs\.([\w-]+) \}\}$/.exec(output.value);
      expect(m, `output ${name}`).not.toBeNull();
      const job = jobs[m?.[1] ?? ""] as Job & { outputs?: Record<string, string> };
      const value = job?.outputs?.[m?.[2] ?? ""];
      const step = /steps\.([\w-]+)\.outputs\./.exec(value ?? "")?.[1];
      expect(
        job.steps?.some((s) => s.id === step),
        `output ${name} -> ${value}`,
      ).toBe(true);
    }
  });

  it("serialises per environment without cancelling a running deploy", () => {
    const deployJob = Object.values(jobsOf(text)).find((j) => j.environment);
    expect(deployJob?.concurrency).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression
      group: "greenlight-deploy-${{ inputs.environment }}",
      "cancel-in-progress": false,
    });
  });
});

describe("documented callers of the reusable workflows, and the ones act runs", () => {
  const callers = [...docBlocks, ...actCallers].flatMap((b) =>
    Object.entries(jobsOf(b.text))
      .filter(([, job]) => /^greenlight\/greenlight\/\.github\/workflows\//.test(job.uses ?? ""))
      .map(([id, job]) => [`${b.name} job ${id}`, job] as const),
  );

  it("exist for deploy.yml and rollback.yml", () => {
    expect(new Set(callers.map(([, job]) => /workflows\/([\w.-]+)@/.exec(job.uses ?? "")?.[1]))).toEqual(
      new Set(["deploy.yml", "rollback.yml"]),
    );
  });

  it.each(callers)("%s passes only declared inputs and secrets, and every required input", (_name, job) => {
    const file = /workflows\/([\w.-]+)@/.exec(job.uses ?? "")?.[1] ?? "";
    const called = (parse(readFileSync(`${WORKFLOW_DIR}/${file}`, "utf8")) as Yaml).on as Record<
      string,
      Yaml
    >;
    const call = (called.workflow_call ?? {}) as {
      inputs?: Record<string, { required?: boolean }>;
      secrets?: Yaml;
    };
    const inputs = call.inputs ?? {};
    const passed = Object.keys(job.with ?? {});
    expect(passed.filter((k) => !(k in inputs))).toEqual([]);
    const required = Object.entries(inputs)
      .filter(([, spec]) => spec.required)
      .map(([k]) => k);
    expect(required.filter((k) => !passed.includes(k))).toEqual([]);
    if (job.secrets !== "inherit") {
      expect(Object.keys(job.secrets ?? {}).filter((k) => !(k in (call.secrets ?? {})))).toEqual([]);
    }
  });
});

describe("supply chain and token scope", () => {
  const usesLines = sources.flatMap((s) =>
    s.text
      .split("\n")
      .filter((line) => /^\s*(-\s+)?uses:\s/.test(line))
      .map((line) => [s.name, line.trim()] as const),
  );
  const thirdParty = usesLines.filter(([, line]) => !/uses:\s+(\.\/|greenlight\/greenlight[@/])/.test(line));

  it.each(thirdParty)("%s pins %s by commit SHA with a version comment", (_name, line) => {
    expect(line).toMatch(/@[0-9a-f]{40} # v\d+(\.\d+)*$/);
  });

  it("gives no job of ci.yml a write token (all of them run pull-request code)", () => {
    const ci = parse(readFileSync(`${WORKFLOW_DIR}/ci.yml`, "utf8")) as Yaml;
    expect(ci.permissions).toEqual({ contents: "read" });
    for (const [id, job] of Object.entries(jobsOf(readFileSync(`${WORKFLOW_DIR}/ci.yml`, "utf8")))) {
      expect(job.permissions, `job ${id}`).toEqual({ contents: "read" });
    }
  });
});
