/** The oldest Node.js major the CLI runs on (it uses APIs of Node 22+, e.g. fs/promises glob; the action runs node24). */
export const MIN_NODE_MAJOR = 24;

/**
 * Why this Node.js cannot run the CLI, or undefined when it can. Checked before anything else: an
 * older Node used to build, push and sign, then crash on the first newer API.
 */
export function unsupportedNode(version: string, script: string): string | undefined {
  const major = Number(version.replace(/^v/, "").split(".")[0]);
  if (major >= MIN_NODE_MAJOR) return undefined;
  return [
    `greenlight needs Node.js ${MIN_NODE_MAJOR} or newer; this is Node.js ${version} (${process.execPath}).`,
    `Run it with Node.js ${MIN_NODE_MAJOR} instead: npx -y node@${MIN_NODE_MAJOR} ${script} …`,
    `or install Node.js ${MIN_NODE_MAJOR} (https://nodejs.org/) and run greenlight again. Nothing was done.`,
  ].join("\n");
}
