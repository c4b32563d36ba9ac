// What a Kubernetes environment remembers: the settings it was created with, as annotations on its
// live Service `<app>` (a label value cannot hold an image repository or a URL), read back as input
// values by `readConfig` (src/read-config.ts), as the Docker target's router labels are.
import type { CoreV1Api, V1Service } from "@kubernetes/client-node";
import { type Remembered, soleApp } from "../../input-layers";
import type { InputName } from "../../inputs";
import { apiError } from "./client";
import { APP_LABEL, ENV_LABEL, LABEL } from "./manifests";

/**
 * The inputs an environment records: where its releases come from (image repository, ledger), how
 * the gates reach it (`preview-access`, `preview-url`, `public-url`) and its keep window. Not the
 * namespace and kubeconfig (they are how it is found, like `docker-host`), and not `k8s-manifests`
 * (paths in one checkout; the Services keep their ports, checked in `KubernetesTarget.prepare`).
 */
export const RECORDED_SETTINGS = [
  "target",
  "app",
  "image",
  "ledger-repository",
  "keep-seconds",
  "preview-access",
  "preview-url",
  "public-url",
] as const satisfies readonly InputName[];
export type RecordedSetting = (typeof RECORDED_SETTINGS)[number];

/** The annotation recording one setting, e.g. `dev.greenlight.setting.keep-seconds`. */
export const settingAnnotation = (setting: RecordedSetting): string => `${LABEL}.setting.${setting}`;

/** The annotations that record `settings` (empty values are not recorded). Pure. */
export function settingAnnotations(
  settings: Partial<Record<RecordedSetting, string>>,
): Record<string, string> {
  return Object.fromEntries(
    RECORDED_SETTINGS.flatMap((s) => (settings[s] ? [[settingAnnotation(s), settings[s] as string]] : [])),
  );
}

/** A live Service's recorded settings as input values; an environment made before they were recorded gives its app only. Pure. */
export function settingsOfService(service: V1Service): Partial<Record<InputName, string>> {
  const annotations = service.metadata?.annotations ?? {};
  const values: Partial<Record<InputName, string>> = {
    target: "kubernetes",
    app: service.metadata?.labels?.[APP_LABEL],
  };
  for (const setting of RECORDED_SETTINGS) {
    const value = annotations[settingAnnotation(setting)];
    if (value) values[setting] = value;
  }
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v)) as Partial<
    Record<InputName, string>
  >;
}

/**
 * The settings of `environment` in `namespace`, read from its live Service (labelled with the
 * environment, annotated `dev.greenlight.role: live`). Without `app`, the environment must be one
 * app's in the namespace; several are listed in the error. Undefined when it does not exist yet.
 */
export async function rememberedInNamespace(
  core: CoreV1Api,
  namespace: string,
  app: string | undefined,
  environment: string,
): Promise<Remembered | undefined> {
  const selector = [`${ENV_LABEL}=${environment}`, ...(app ? [`${APP_LABEL}=${app}`] : [])].join(",");
  let services: V1Service[];
  try {
    services = (await core.listNamespacedService({ namespace, labelSelector: selector })).items;
  } catch (error) {
    throw apiError(error, `cannot list the Services of environment ${environment} in ${namespace}`);
  }
  const live = services.filter((s) => s.metadata?.annotations?.[`${LABEL}.role`] === "live");
  if (!live.length) return undefined;
  soleApp(
    environment,
    `in the namespace ${namespace}`,
    live.map((s) => s.metadata?.labels?.[APP_LABEL] ?? ""),
  );
  const service = live[0] as V1Service;
  return { where: `Service ${namespace}/${service.metadata?.name}`, values: settingsOfService(service) };
}
