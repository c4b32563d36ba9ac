import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  APP_LABEL,
  ENV_LABEL,
  LABEL,
  soleApp
} from "./chunk-XR4YHTGR.mjs";
import {
  apiError
} from "./chunk-BUELDKBH.mjs";

// src/deploy/kubernetes/remembered.ts
var RECORDED_SETTINGS = [
  "target",
  "app",
  "image",
  "ledger-repository",
  "keep-seconds",
  "preview-access",
  "preview-url",
  "public-url"
];
var settingAnnotation = (setting) => `${LABEL}.setting.${setting}`;
function settingAnnotations(settings) {
  return Object.fromEntries(
    RECORDED_SETTINGS.flatMap((s) => settings[s] ? [[settingAnnotation(s), settings[s]]] : [])
  );
}
function settingsOfService(service) {
  const annotations = service.metadata?.annotations ?? {};
  const values = {
    target: "kubernetes",
    app: service.metadata?.labels?.[APP_LABEL]
  };
  for (const setting of RECORDED_SETTINGS) {
    const value = annotations[settingAnnotation(setting)];
    if (value) values[setting] = value;
  }
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v));
}
async function rememberedInNamespace(core, namespace, app, environment) {
  const selector = [`${ENV_LABEL}=${environment}`, ...app ? [`${APP_LABEL}=${app}`] : []].join(",");
  let services;
  try {
    services = (await core.listNamespacedService({ namespace, labelSelector: selector })).items;
  } catch (error) {
    throw apiError(error, `cannot list the Services of environment ${environment} in ${namespace}`);
  }
  const live = services.filter((s) => s.metadata?.annotations?.[`${LABEL}.role`] === "live");
  if (!live.length) return void 0;
  soleApp(
    environment,
    `in the namespace ${namespace}`,
    live.map((s) => s.metadata?.labels?.[APP_LABEL] ?? "")
  );
  const service = live[0];
  return { where: `Service ${namespace}/${service.metadata?.name}`, values: settingsOfService(service) };
}

export {
  RECORDED_SETTINGS,
  settingAnnotation,
  settingAnnotations,
  settingsOfService,
  rememberedInNamespace
};
//# sourceMappingURL=chunk-ZBLURP6P.mjs.map
