import { type Remembered, soleApp } from "../../input-layers";
import type { InputName } from "../../inputs";
import { type ContainerInfo, type Docker, inspectContainers } from "./cli";
import { APP_LABEL, ENV_LABEL, environmentNames, LABEL, legacyNames } from "./names";
import { runningSettings } from "./router-settings";

/** Labels on the router naming where the environment's releases come from (its ledger is kept there). */
export const IMAGE_LABEL = `${LABEL}.image`;
export const LEDGER_LABEL = `${LABEL}.ledger-repository`;

export type { Remembered } from "../../input-layers";

/**
 * The settings an environment on this Docker Engine runs with, read from its router's labels (and,
 * for a router made before they were recorded, its published ports and image). Without `app`, the
 * environment must be one app's on this engine; several are listed in the error. Undefined when the
 * environment does not exist yet.
 */
export async function rememberedOnDocker(
  docker: Docker,
  app: string | undefined,
  environment: string,
): Promise<Remembered | undefined> {
  const routers = app
    ? await routersNamed(docker, app, environment)
    : await routersListed(docker, environment);
  if (!routers.length) return undefined;
  soleApp(
    environment,
    "on this Docker engine",
    routers.map((r) => r.Config.Labels?.[APP_LABEL] ?? ""),
  );
  const router = routers[0] as ContainerInfo;
  return { where: `router ${router.Name.replace(/^\//, "")}`, values: settingsOf(router) };
}

/**
 * With the app known, its router can only have one of two names (names.ts): one inspect of both,
 * kept when the labels say it is this environment's router.
 */
async function routersNamed(docker: Docker, app: string, environment: string): Promise<ContainerInfo[]> {
  const isRouter = (r: ContainerInfo) => {
    const labels = r.Config.Labels ?? {};
    return (
      labels[ENV_LABEL] === environment && labels[APP_LABEL] === app && labels[`${LABEL}.role`] === "router"
    );
  };
  const found = await inspectContainers(docker, [
    environmentNames(app, environment).router,
    legacyNames(app, environment).router,
  ]);
  return [...found.values()].filter(isRouter);
}

/** Without the app: every router labelled with the environment. */
async function routersListed(docker: Docker, environment: string): Promise<ContainerInfo[]> {
  const filters = [`label=${ENV_LABEL}=${environment}`, `label=${LABEL}.role=router`];
  const listed = await docker([
    "ps",
    "-a",
    ...filters.flatMap((f) => ["--filter", f]),
    "--format",
    "{{.Names}}",
  ]);
  const names = listed.stdout.split("\n").filter(Boolean);
  return names.length ? [...(await inspectContainers(docker, names)).values()] : [];
}

/** A router's settings as input values. Pure. */
export function settingsOf(router: ContainerInfo): Partial<Record<InputName, string>> {
  const labels = router.Config.Labels ?? {};
  const running = runningSettings(router);
  const values: Partial<Record<InputName, string>> = {
    target: "docker",
    "live-port": running["live-port"],
    "preview-port": running["preview-port"],
    "container-port": running["container-port"],
    "router-image": running["router-image"],
    "preview-address": running["preview-address"],
    app: labels[APP_LABEL],
    image: labels[IMAGE_LABEL],
    "ledger-repository": labels[LEDGER_LABEL],
  };
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v)) as Partial<
    Record<InputName, string>
  >;
}
