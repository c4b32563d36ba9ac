import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  APP_LABEL,
  ENV_LABEL,
  LABEL
} from "./chunk-5OFXNZ63.mjs";
import {
  apiError
} from "./chunk-BUELDKBH.mjs";
import {
  GreenlightError
} from "./chunk-XAPMUR2Q.mjs";

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
  const apps = [...new Set(live.map((s) => s.metadata?.labels?.[APP_LABEL] ?? ""))].sort();
  if (apps.length > 1) {
    throw new GreenlightError(
      `environment ${environment} exists for ${apps.length} apps in the namespace ${namespace}: ${apps.join(", ")}`,
      { hint: `say which: 'app' (e.g. --app ${apps[0]}), or 'image' (the app is its last path part)` }
    );
  }
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
//# sourceMappingURL=chunk-BE32ODSA.mjs.map
